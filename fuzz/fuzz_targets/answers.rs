//! The answers TOML files: an officer's project answers (then validated and linted against the
//! real library, as `secspec new` does) or a contractor's response answers. The first byte
//! chooses which.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secspec_api::answers::{parse_answers, parse_response_answers};
use secspec_core::{lint, validate};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    if which & 1 == 0 {
        if let Ok(project) = parse_answers("answers.toml", rest.to_vec()) {
            let lib = secspec_fuzz::library();
            if validate::project(&project, lib).is_empty() {
                let _ = lint::lint(&project, lib);
            }
        }
    } else {
        let _ = parse_response_answers("response.toml", rest.to_vec());
    }
});
