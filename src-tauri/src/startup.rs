//! Start-up timing for the performance check: with `SECSPEC_STARTUP_TRACE=1` the app prints, once,
//! how long after launch the UI first asked for the project list (the list is then on screen).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();
static DONE: AtomicBool = AtomicBool::new(false);

pub fn begin() {
    let _ = START.set(Instant::now());
}

/// Called after every command: the first `list_projects` is the list on screen.
pub fn served(command: &str) {
    if command == "list_projects" {
        mark("list_projects served");
    }
}

fn mark(what: &str) {
    if std::env::var_os("SECSPEC_STARTUP_TRACE").is_none() || DONE.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(start) = START.get() {
        eprintln!(
            "startup: {what} {} ms after launch",
            start.elapsed().as_millis()
        );
    }
}
