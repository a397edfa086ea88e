//! The S3 operations the CRT wrapper tests send, as `MetaRequestOptions` for a bucket and key (the
//! wrappers themselves take encoded paths only).
#![cfg(feature = "crt")]

use s3transfer::crt::s3::{MetaRequestOptions, RequestBody, S3Client};

/// `/bucket/key`, percent-encoded as SigV4 expects of S3 paths (unreserved characters and `/` kept).
pub fn path_of(bucket: &str, key: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!("/{}/{}", enc(bucket), enc(key))
}

/// Bucket-and-key forms of the meta-requests.
pub trait S3Ops {
    /// PutObject.
    fn put_object(&self, bucket: &str, key: &str, body: RequestBody) -> MetaRequestOptions;
    /// GetObject.
    fn get_object(&self, bucket: &str, key: &str) -> MetaRequestOptions;
    /// CopyObject, path-style source URI at the client's endpoint.
    fn copy_object(&self, src_bucket: &str, src_key: &str, dst_bucket: &str, dst_key: &str) -> MetaRequestOptions;
    /// HeadObject.
    fn head_object(&self, bucket: &str, key: &str) -> MetaRequestOptions;
    /// DeleteObject.
    fn delete_object(&self, bucket: &str, key: &str) -> MetaRequestOptions;
}

impl S3Ops for S3Client {
    fn put_object(&self, bucket: &str, key: &str, body: RequestBody) -> MetaRequestOptions {
        MetaRequestOptions::put_object(path_of(bucket, key), body)
    }
    fn get_object(&self, bucket: &str, key: &str) -> MetaRequestOptions {
        MetaRequestOptions::get_object(path_of(bucket, key))
    }
    fn copy_object(&self, src_bucket: &str, src_key: &str, dst_bucket: &str, dst_key: &str) -> MetaRequestOptions {
        let src = path_of(src_bucket, src_key);
        MetaRequestOptions::copy_object(path_of(dst_bucket, dst_key), &src[1..], format!("{}{src}", self.endpoint()))
    }
    fn head_object(&self, bucket: &str, key: &str) -> MetaRequestOptions {
        MetaRequestOptions::request("HeadObject", "HEAD", path_of(bucket, key))
    }
    fn delete_object(&self, bucket: &str, key: &str) -> MetaRequestOptions {
        MetaRequestOptions::request("DeleteObject", "DELETE", path_of(bucket, key))
    }
}
