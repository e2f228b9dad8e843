//! Name-based UUIDs (RFC 4122 version 5: SHA-1 of namespace + name). OSCAL accepts only
//! version 4 (random) or 5; SecSpec output must be reproducible, so every UUID is version 5.

use sha1::{Digest, Sha1};

/// RFC 4122 appendix C: the namespace for names that are URLs.
const NAMESPACE_URL: [u8; 16] = [
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
];

/// The name SecSpec's own namespace is derived from (a fixed string, never changed: changing
/// it would give every exported object a new identity).
const SECSPEC_NAME: &str = "urn:secspec:oscal";

/// A version-5 UUID of `name` in `namespace`, as bytes.
pub fn v5_bytes(namespace: &[u8; 16], name: &str) -> [u8; 16] {
    let mut hasher = Sha1::new();
    hasher.update(namespace);
    hasher.update(name.as_bytes());
    let digest = hasher.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x50; // version 5
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    b
}

/// `xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx`, lower case.
pub fn format(b: &[u8; 16]) -> String {
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The UUID of `name` in SecSpec's fixed namespace.
pub fn secspec(name: &str) -> String {
    let namespace = v5_bytes(&NAMESPACE_URL, SECSPEC_NAME);
    format(&v5_bytes(&namespace, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4122 appendix C: the namespace for domain names.
    const NAMESPACE_DNS: [u8; 16] = [
        0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
        0xc8,
    ];

    #[test]
    fn matches_the_well_known_v5_vector() {
        // uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") in Python's standard library.
        assert_eq!(
            format(&v5_bytes(&NAMESPACE_DNS, "python.org")),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d"
        );
    }

    #[test]
    fn secspec_uuids_are_stable_and_distinct() {
        assert_eq!(secspec("a"), secspec("a"));
        assert_ne!(secspec("a"), secspec("b"));
        assert_eq!(&secspec("a")[14..15], "5");
    }
}
