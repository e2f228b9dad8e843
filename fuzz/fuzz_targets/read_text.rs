//! The specification reader on plain text and Markdown (UTF-8, UTF-16, Shift_JIS, EUC-JP
//! detection, then blocks and outline). The first byte chooses the file name's extension.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let name = if which & 1 == 0 {
        "spec.txt"
    } else {
        "spec.md"
    };
    let _ = secspec_readers::read(rest, name);
});
