/* Asks a window to close the way a window manager's close button does: a WM_DELETE_WINDOW
 * client message to every top-level window whose class (WM_CLASS) contains argv[1]. Xvfb runs no window
 * manager, so the desktop tests use this to exercise the app's close handling. */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: wm_close CLASS\n");
    return 2;
  }
  Display *d = XOpenDisplay(NULL);
  if (!d) {
    fprintf(stderr, "wm_close: cannot open the display\n");
    return 2;
  }
  Window root = DefaultRootWindow(d), parent, *children = NULL;
  unsigned int n = 0, sent = 0;
  Atom protocols = XInternAtom(d, "WM_PROTOCOLS", False);
  Atom del = XInternAtom(d, "WM_DELETE_WINDOW", False);
  XQueryTree(d, root, &root, &parent, &children, &n);
  for (unsigned int i = 0; i < n; i++) {
    XClassHint hint = {NULL, NULL};
    int match = XGetClassHint(d, children[i], &hint) &&
                ((hint.res_name && strcasestr(hint.res_name, argv[1])) ||
                 (hint.res_class && strcasestr(hint.res_class, argv[1])));
    if (match) {
      XEvent e;
      memset(&e, 0, sizeof e);
      e.xclient.type = ClientMessage;
      e.xclient.window = children[i];
      e.xclient.message_type = protocols;
      e.xclient.format = 32;
      e.xclient.data.l[0] = (long)del;
      e.xclient.data.l[1] = CurrentTime;
      XSendEvent(d, children[i], False, NoEventMask, &e);
      sent++;
    }
    if (hint.res_name) XFree(hint.res_name);
    if (hint.res_class) XFree(hint.res_class);
  }
  if (children) XFree(children);
  XFlush(d);
  XCloseDisplay(d);
  if (!sent) {
    fprintf(stderr, "wm_close: no window of class \"%s\"\n", argv[1]);
    return 1;
  }
  return 0;
}
