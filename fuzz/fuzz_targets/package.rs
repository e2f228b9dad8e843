//! Review and response packages and project files opened from bytes. The first byte's low bits
//! choose: the bytes as a whole package or project file (container, manifest, signature), or the
//! rest as the parts of a well-formed review / response package or project file (split at
//! 0xFF), unsigned or signed, stored or deflated, so the JSON parts and the text rules are
//! reached too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secspec_fuzz::{package_of, split_parts};
use secspec_package::{check_response, read_project_file, read_response, read_review, Kind};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode & 3 {
        0 => {
            let _ = read_review(rest);
            let _ = read_response(rest);
            let _ = read_project_file(rest);
            let _ = secspec_package::kind(rest);
            let _ = secspec_package::digest(rest);
        }
        1 => {
            let bytes = package_of(
                Kind::Review,
                &split_parts(rest),
                mode & 4 != 0,
                mode & 8 != 0,
            );
            let _ = read_review(&bytes);
        }
        3 if mode & 16 != 0 => {
            let bytes = package_of(
                Kind::Project,
                &split_parts(rest),
                mode & 4 != 0,
                mode & 8 != 0,
            );
            let _ = read_project_file(&bytes);
        }
        _ => {
            // Response parts, then a review for `check_response`.
            let parts = split_parts(rest);
            let bytes = package_of(Kind::Response, &parts, mode & 4 != 0, mode & 8 != 0);
            if let Ok(response) = read_response(&bytes) {
                let review = package_of(Kind::Review, parts.get(2..).unwrap_or(&[]), false, false);
                if let Ok(review) = read_review(&review) {
                    let _ = check_response(&response.package, &review.package);
                }
            }
        }
    }
});
