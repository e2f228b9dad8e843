//! The specification reader on a file named `.odt` (the reader goes by content; the corpus
//! holds odt files).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = secspec_readers::read(data, "spec.odt");
});
