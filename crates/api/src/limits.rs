//! The limits the forms check while the user types, taken from the core's rules (never copied
//! by hand into the UI): served with the library and generated into `ui/src/lib/backend/rules.ts`.

use crate::types::Limits;
#[cfg(test)]
use secspec_core::contractor::{ContractorResponse, Practitioner, Subcontractor};
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

/// The rules of every text field of a contractor response with one practitioner and one
/// subcontractor (index 0 stands for every row of those lists).
#[cfg(test)]
pub(crate) fn response_fields() -> Vec<validate::FieldRule> {
    let mut response = ContractorResponse::default();
    response.profile.practitioners.push(Practitioner::default());
    response
        .profile
        .subcontractors
        .push(Subcontractor::default());
    response.field_rules()
}

/// `ui/src/lib/backend/rules.ts`: the limits and the response's field rules as constants, so the
/// forms can check synchronously what Rust will check on save.
#[cfg(test)]
pub(crate) fn typescript() -> String {
    let json = |v: serde_json::Value| serde_json::to_string_pretty(&v).unwrap_or_default();
    let limits = serde_json::to_value(limits()).unwrap_or_default();
    let fields = serde_json::to_value(response_fields()).unwrap_or_default();
    format!(
        "// Generated from crates/api/src/limits.rs (`UPDATE_BINDINGS=1 cargo test -p secspec-api bindings`); do not edit.\n\
         import type {{ FieldRule, Limits }} from './types';\n\n\
         /** Length limits (characters) of the project's text fields, as core checks them. */\n\
         export const LIMITS: Limits = {};\n\n\
         /**\n * Every text field of a contractor response as core checks it, for a response with one\n * practitioner and one subcontractor: index 0 stands for every row of those lists.\n */\n\
         export const RESPONSE_FIELDS: FieldRule[] = {};\n",
        json(limits),
        json(fields)
    )
}
