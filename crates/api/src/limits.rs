//! The limits the forms check while the user types, taken from the core's rules (never copied
//! by hand into the UI).

use crate::types::Limits;
use secspec_core::validate;

pub(crate) fn limits() -> Limits {
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    Limits {
        short: n(validate::MAX_SHORT),
        reason: n(validate::MAX_REASON),
        body: n(validate::MAX_BODY),
        addition: n(validate::MAX_ADDITION),
        additions: n(validate::MAX_ADDITIONS),
        evidence: n(validate::MAX_EVIDENCE),
    }
}
