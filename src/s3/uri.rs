//! URI encoding of bucket names, keys and version ids, as SigV4 canonical URIs for S3 expect.

/// Percent-encodes everything except `A-Z a-z 0-9 - . _ ~ /`.
pub(crate) fn encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg_attr(not(feature = "crt"), allow(dead_code))] // the CRT engine builds its own requests
/// A query-string value: [`encode_path`] with `/` encoded as well.
pub(crate) fn encode_query_value(s: &str) -> String {
    encode_path(s).replace('/', "%2F")
}

#[cfg_attr(not(feature = "crt"), allow(dead_code))]
/// The path-style `/bucket/key` of an object, both parts encoded.
pub(crate) fn object_path(bucket: &str, key: &str) -> String {
    format!("/{}/{}", encode_path(bucket), encode_path(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_paths_are_uri_encoded_except_slashes_and_unreserved() {
        assert_eq!(object_path("bkt", "a/b c+d%e~f_g.h-i"), "/bkt/a/b%20c%2Bd%25e~f_g.h-i");
        assert_eq!(object_path("bkt", "ünï"), "/bkt/%C3%BCn%C3%AF");
        assert_eq!(encode_path("?&=#"), "%3F%26%3D%23");
        assert_eq!(encode_query_value("a/b c"), "a%2Fb%20c");
    }
}
