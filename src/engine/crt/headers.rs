//! Extra args (S3 API member names) as HTTP headers / query parameters of a CRT meta-request.

use crate::args::ExtraArgs;
use crate::error::{Result, TransferError};

/// How one member travels.
enum Wire {
    Header(&'static str),
    /// A timestamp member sent as an HTTP-date header.
    HttpDate(&'static str),
    /// A query parameter.
    Query(&'static str),
    /// Consumed by the engine itself (checksum selection), not sent as-is.
    Engine,
}

fn wire(name: &str) -> Option<Wire> {
    use Wire::*;
    Some(match name {
        "ACL" => Header("x-amz-acl"),
        "CacheControl" => Header("Cache-Control"),
        "ChecksumAlgorithm" => Engine,
        "ContentDisposition" => Header("Content-Disposition"),
        "ContentEncoding" => Header("Content-Encoding"),
        "ContentLanguage" => Header("Content-Language"),
        "ContentType" => Header("Content-Type"),
        "ExpectedBucketOwner" => Header("x-amz-expected-bucket-owner"),
        "Expires" => HttpDate("Expires"),
        "GrantFullControl" => Header("x-amz-grant-full-control"),
        "GrantRead" => Header("x-amz-grant-read"),
        "GrantReadACP" => Header("x-amz-grant-read-acp"),
        "GrantWriteACP" => Header("x-amz-grant-write-acp"),
        "ObjectLockLegalHoldStatus" => Header("x-amz-object-lock-legal-hold"),
        "ObjectLockMode" => Header("x-amz-object-lock-mode"),
        "ObjectLockRetainUntilDate" => Header("x-amz-object-lock-retain-until-date"),
        "RequestPayer" => Header("x-amz-request-payer"),
        "ServerSideEncryption" => Header("x-amz-server-side-encryption"),
        "StorageClass" => Header("x-amz-storage-class"),
        "SSECustomerAlgorithm" => Header("x-amz-server-side-encryption-customer-algorithm"),
        "SSECustomerKey" => Header("x-amz-server-side-encryption-customer-key"),
        "SSECustomerKeyMD5" => Header("x-amz-server-side-encryption-customer-key-md5"),
        "SSEKMSKeyId" => Header("x-amz-server-side-encryption-aws-kms-key-id"),
        "SSEKMSEncryptionContext" => Header("x-amz-server-side-encryption-context"),
        "Tagging" => Header("x-amz-tagging"),
        "WebsiteRedirectLocation" => Header("x-amz-website-redirect-location"),
        "ChecksumType" => Header("x-amz-checksum-type"),
        "MpuObjectSize" => Header("x-amz-mp-object-size"),
        "ChecksumCRC32" => Header("x-amz-checksum-crc32"),
        "ChecksumCRC32C" => Header("x-amz-checksum-crc32c"),
        "ChecksumCRC64NVME" => Header("x-amz-checksum-crc64nvme"),
        "ChecksumMD5" => Header("x-amz-checksum-md5"),
        "ChecksumSHA1" => Header("x-amz-checksum-sha1"),
        "ChecksumSHA256" => Header("x-amz-checksum-sha256"),
        "ChecksumSHA512" => Header("x-amz-checksum-sha512"),
        "ChecksumXXHASH3" => Header("x-amz-checksum-xxhash3"),
        "ChecksumXXHASH64" => Header("x-amz-checksum-xxhash64"),
        "ChecksumXXHASH128" => Header("x-amz-checksum-xxhash128"),
        "ChecksumMode" => Header("x-amz-checksum-mode"),
        "VersionId" => Query("versionId"),
        "MFA" => Header("x-amz-mfa"),
        "CopySourceIfMatch" => Header("x-amz-copy-source-if-match"),
        "CopySourceIfModifiedSince" => HttpDate("x-amz-copy-source-if-modified-since"),
        "CopySourceIfNoneMatch" => Header("x-amz-copy-source-if-none-match"),
        "CopySourceIfUnmodifiedSince" => HttpDate("x-amz-copy-source-if-unmodified-since"),
        "CopySourceSSECustomerAlgorithm" => Header("x-amz-copy-source-server-side-encryption-customer-algorithm"),
        "CopySourceSSECustomerKey" => Header("x-amz-copy-source-server-side-encryption-customer-key"),
        "CopySourceSSECustomerKeyMD5" => Header("x-amz-copy-source-server-side-encryption-customer-key-md5"),
        "MetadataDirective" => Header("x-amz-metadata-directive"),
        "TaggingDirective" => Header("x-amz-tagging-directive"),
        _ => return None,
    })
}

fn http_date(name: &str, value: &str) -> Result<String> {
    use aws_smithy_types::date_time::Format;
    let t = aws_smithy_types::DateTime::from_str(value, Format::DateTime)
        .or_else(|_| aws_smithy_types::DateTime::from_str(value, Format::HttpDate))
        .map_err(|e| TransferError::invalid(format!("{name}: not an RFC 3339 timestamp: {value:?} ({e})")))?;
    t.fmt(Format::HttpDate).map_err(|e| TransferError::invalid(format!("{name}: {e}")))
}

/// The request's headers and query string (`""` or `"?a=b&..."`) for `args` (already validated
/// against the operation's allow-list).
pub(crate) fn to_wire(args: &ExtraArgs) -> Result<(Vec<(String, String)>, String)> {
    let mut headers = Vec::new();
    let mut query = Vec::new();
    for (name, value) in args.iter() {
        match wire(name) {
            Some(Wire::Header(h)) => headers.push((h.to_owned(), value.to_owned())),
            Some(Wire::HttpDate(h)) => headers.push((h.to_owned(), http_date(name, value)?)),
            Some(Wire::Query(q)) => query.push(format!("{q}={}", crate::s3::uri::encode_query_value(value))),
            Some(Wire::Engine) => {}
            None => {
                return Err(TransferError::invalid(format!("extra arg {name} cannot be sent by the CRT engine")));
            }
        }
    }
    for (k, v) in args.metadata_map() {
        headers.push((format!("x-amz-meta-{k}"), v.clone()));
    }
    // The SDK fills in the SSE-C key MD5 when only the key is given; do the same.
    for (key, md5) in [
        ("x-amz-server-side-encryption-customer-key", "x-amz-server-side-encryption-customer-key-md5"),
        ("x-amz-copy-source-server-side-encryption-customer-key", "x-amz-copy-source-server-side-encryption-customer-key-md5"),
    ] {
        let has_md5 = headers.iter().any(|(n, _)| n == md5);
        if let (Some((_, k)), false) = (headers.iter().find(|(n, _)| n == key), has_md5) {
            let raw = base64_decode(k).ok_or_else(|| TransferError::invalid("SSECustomerKey must be base64-encoded"))?;
            let digest = md5_digest(&raw);
            headers.push((md5.to_owned(), base64_encode(&digest)));
        }
    }
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    Ok((headers, query))
}

fn base64_encode(bytes: &[u8]) -> String {
    aws_smithy_types::base64::encode(bytes)
}

fn base64_decode(s: &str) -> Option<Vec<u8>> {
    aws_smithy_types::base64::decode(s).ok()
}

/// MD5 (RFC 1321), for the SSE-C key digest header.
fn md5_digest(input: &[u8]) -> [u8; 16] {
    const S: [u32; 64] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4,
        11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];
    let k: Vec<u32> = (0..64).map(|i| ((i as f64 + 1.0).sin().abs() * 4294967296.0) as u32).collect();
    let (mut a0, mut b0, mut c0, mut d0) = (0x67452301u32, 0xefcdab89u32, 0x98badcfeu32, 0x10325476u32);
    let mut msg = input.to_vec();
    let bit_len = (input.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_le_bytes());
    for chunk in msg.chunks(64) {
        let m: Vec<u32> = chunk.chunks(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        let (mut a, mut b, mut c, mut d) = (a0, b0, c0, d0);
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f2 = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f2.rotate_left(S[i]));
        }
        a0 = a0.wrapping_add(a);
        b0 = b0.wrapping_add(b);
        c0 = c0.wrapping_add(c);
        d0 = d0.wrapping_add(d);
    }
    let mut out = [0u8; 16];
    out[..4].copy_from_slice(&a0.to_le_bytes());
    out[4..8].copy_from_slice(&b0.to_le_bytes());
    out[8..12].copy_from_slice(&c0.to_le_bytes());
    out[12..].copy_from_slice(&d0.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_known_vectors() {
        let hex = |b: [u8; 16]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(hex(md5_digest(b"")), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(hex(md5_digest(b"The quick brown fox jumps over the lazy dog")), "9e107d9d372bb6826bd81d3542a419d6");
    }

    #[test]
    fn extra_args_become_headers_and_query() {
        let args = ExtraArgs::new()
            .set("ContentType", "text/plain")
            .set("VersionId", "v 1/2")
            .set("Expires", "2030-01-02T03:04:05Z")
            .set("ChecksumAlgorithm", "SHA256")
            .metadata("Origin", "x");
        let (h, q) = to_wire(&args).unwrap();
        assert!(h.contains(&("Content-Type".into(), "text/plain".into())), "{h:?}");
        assert!(h.contains(&("Expires".into(), "Wed, 02 Jan 2030 03:04:05 GMT".into())), "{h:?}");
        assert!(h.contains(&("x-amz-meta-Origin".into(), "x".into())), "{h:?}");
        assert!(!h.iter().any(|(n, _)| n.contains("checksum")), "{h:?}");
        assert_eq!(q, "?versionId=v%201%2F2");
        let key = base64_encode(&[7u8; 32]);
        let (h, _) = to_wire(&ExtraArgs::new().set("SSECustomerKey", key)).unwrap();
        assert!(h.iter().any(|(n, _)| n == "x-amz-server-side-encryption-customer-key-md5"), "{h:?}");
    }
}
