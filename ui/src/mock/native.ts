// The native dialogs and the opener have no browser equivalent: in the browser tests they answer
// with what the test set (real paths in the test's temporary folder).

/** What the dialogs answer; null: the user cancels. Set by the test as window.__secspecNative. */
export interface NativeAnswers {
  /** The folder picker. */
  folder: string | null;
  /** "Save as" for a workbook. */
  savePath: string | null;
  /** "Open" for a workbook. */
  openPath: string | null;
  /** Both dialogs when they ask for a package (*.secspec). */
  packagePath: string | null;
}

interface FileFilterArg {
  extensions: string[];
}

const isPackage = (filters: FileFilterArg[] | undefined) => (filters ?? []).some((f) => f.extensions.includes('secspec'));

/** The answer of a plugin command, or undefined when `cmd` is not one of the stubbed ones. */
export function nativeAnswer(cmd: string, args: Record<string, unknown>, a: NativeAnswers): { value: unknown } | undefined {
  const o = args.options as { directory?: boolean; filters?: FileFilterArg[] } | undefined;
  switch (cmd) {
    case 'plugin:dialog|open':
      return { value: o?.directory ? a.folder : isPackage(o?.filters) ? a.packagePath : a.openPath };
    case 'plugin:dialog|save':
      return { value: isPackage(o?.filters) ? a.packagePath : a.savePath };
    case 'plugin:opener|reveal_item_in_dir':
      return { value: null };
    default:
      return undefined;
  }
}
