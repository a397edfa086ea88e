//! `extra_args`: additional S3 request parameters by their S3 API member names, the allow-lists
//! that validate them, and the per-request routing tables (s3transfer/manager.py and its task modules), kept as data.
//!
//! Values are strings as on the wire: enums by their S3 spelling (`"AES256"`, `"STANDARD_IA"`),
//! timestamps in RFC 3339 (`"2030-01-01T00:00:00Z"`), `Metadata` entries through
//! [`ExtraArgs::metadata`]. Binary members (`SSECustomerKey`) are given base64-encoded, as the
//! S3 API and botocore expect on the wire.

use std::collections::BTreeMap;

use crate::error::{Result, TransferError};

/// Full-object checksum value parameters (`FULL_OBJECT_CHECKSUM_ARGS`), in s3transfer's order.
pub const FULL_OBJECT_CHECKSUM_ARGS: &[&str] = &[
    "ChecksumCRC32",
    "ChecksumCRC32C",
    "ChecksumCRC64NVME",
    "ChecksumMD5",
    "ChecksumSHA1",
    "ChecksumSHA256",
    "ChecksumSHA512",
    "ChecksumXXHASH3",
    "ChecksumXXHASH64",
    "ChecksumXXHASH128",
];

macro_rules! with_shared_args {
    ($(#[$m:meta])* $name:ident = [$($extra:literal),* $(,)?]) => {
        $(#[$m])*
        pub const $name: &[&str] = &[
            "ACL",
            "CacheControl",
            "ChecksumAlgorithm",
            "ContentDisposition",
            "ContentEncoding",
            "ContentLanguage",
            "ContentType",
            "ExpectedBucketOwner",
            "Expires",
            "GrantFullControl",
            "GrantRead",
            "GrantReadACP",
            "GrantWriteACP",
            "Metadata",
            "ObjectLockLegalHoldStatus",
            "ObjectLockMode",
            "ObjectLockRetainUntilDate",
            "RequestPayer",
            "ServerSideEncryption",
            "StorageClass",
            "SSECustomerAlgorithm",
            "SSECustomerKey",
            "SSECustomerKeyMD5",
            "SSEKMSKeyId",
            "SSEKMSEncryptionContext",
            "Tagging",
            "WebsiteRedirectLocation",
            $($extra),*
        ];
    };
}

with_shared_args! {
    /// Arguments allowed on every upload and copy (`_ALLOWED_SHARED_ARGS`).
    ALLOWED_SHARED_ARGS = []
}

with_shared_args! {
    /// Arguments allowed on uploads (`ALLOWED_UPLOAD_ARGS`).
    ALLOWED_UPLOAD_ARGS = [
    "ChecksumType",
    "MpuObjectSize",
    "ChecksumCRC32",
    "ChecksumCRC32C",
    "ChecksumCRC64NVME",
    "ChecksumMD5",
    "ChecksumSHA1",
    "ChecksumSHA256",
    "ChecksumSHA512",
    "ChecksumXXHASH3",
    "ChecksumXXHASH64",
    "ChecksumXXHASH128",
]}

/// Arguments allowed on downloads (`ALLOWED_DOWNLOAD_ARGS`).
pub const ALLOWED_DOWNLOAD_ARGS: &[&str] = &[
    "ChecksumMode",
    "VersionId",
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];

with_shared_args! {
    /// Arguments allowed on copies (`ALLOWED_COPY_ARGS`).
    ALLOWED_COPY_ARGS = [
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerKeyMD5",
    "MetadataDirective",
    "TaggingDirective",
]}

/// Arguments allowed on deletes (`ALLOWED_DELETE_ARGS`).
pub const ALLOWED_DELETE_ARGS: &[&str] = &["MFA", "VersionId", "RequestPayer", "ExpectedBucketOwner"];

/// Upload args never sent on `PutObject` (block-list).
pub const PUT_OBJECT_BLOCKLIST: &[&str] = &["ChecksumType", "MpuObjectSize"];
/// Upload args never sent on `CreateMultipartUpload` (block-list; plus all [`FULL_OBJECT_CHECKSUM_ARGS`]).
pub const CREATE_MULTIPART_BLOCKLIST: &[&str] = &["MpuObjectSize"];
/// Upload args sent on `UploadPart` (allow-list).
pub const UPLOAD_PART_ARGS: &[&str] = &[
    "ChecksumAlgorithm",
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];
/// Upload args sent on `CompleteMultipartUpload` (allow-list; plus all [`FULL_OBJECT_CHECKSUM_ARGS`]).
pub const COMPLETE_MULTIPART_ARGS: &[&str] = &[
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
    "ChecksumType",
    "MpuObjectSize",
];
/// Copy args mapped onto the source `HeadObject`: (copy arg, HeadObject member).
pub const COPY_HEAD_OBJECT_MAPPING: &[(&str, &str)] = &[
    ("CopySourceIfMatch", "IfMatch"),
    ("CopySourceIfModifiedSince", "IfModifiedSince"),
    ("CopySourceIfNoneMatch", "IfNoneMatch"),
    ("CopySourceIfUnmodifiedSince", "IfUnmodifiedSince"),
    ("CopySourceSSECustomerKey", "SSECustomerKey"),
    ("CopySourceSSECustomerAlgorithm", "SSECustomerAlgorithm"),
    ("CopySourceSSECustomerKeyMD5", "SSECustomerKeyMD5"),
    ("RequestPayer", "RequestPayer"),
    ("ExpectedBucketOwner", "ExpectedBucketOwner"),
];
/// Copy args never sent on the copy's `CreateMultipartUpload` (block-list).
pub const COPY_CREATE_MULTIPART_BLOCKLIST: &[&str] = &[
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerKeyMD5",
    "MetadataDirective",
    "TaggingDirective",
];
/// Copy args sent on `UploadPartCopy` (allow-list). `ChecksumAlgorithm` is deliberately absent.
pub const UPLOAD_PART_COPY_ARGS: &[&str] = &[
    "CopySourceIfMatch",
    "CopySourceIfModifiedSince",
    "CopySourceIfNoneMatch",
    "CopySourceIfUnmodifiedSince",
    "CopySourceSSECustomerKey",
    "CopySourceSSECustomerAlgorithm",
    "CopySourceSSECustomerKeyMD5",
    "SSECustomerKey",
    "SSECustomerAlgorithm",
    "SSECustomerKeyMD5",
    "RequestPayer",
    "ExpectedBucketOwner",
];
/// Copy args sent on the copy's `CompleteMultipartUpload` (allow-list).
pub const COPY_COMPLETE_MULTIPART_ARGS: &[&str] =
    &["SSECustomerKey", "SSECustomerAlgorithm", "SSECustomerKeyMD5", "RequestPayer", "ExpectedBucketOwner"];

/// Additional S3 request parameters by S3 API member name (PascalCase).
///
/// ```
/// use s3transfer::ExtraArgs;
/// let args = ExtraArgs::new()
///     .set("ContentType", "text/plain")
///     .metadata("origin", "example");
/// assert_eq!(args.get("ContentType"), Some("text/plain"));
/// assert_eq!(args.get_metadata("origin"), Some("example"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtraArgs {
    values: Vec<(String, String)>,
    metadata: BTreeMap<String, String>,
}

impl ExtraArgs {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a member (replacing an earlier value of the same name).
    pub fn set(mut self, name: &str, value: impl Into<String>) -> Self {
        self.insert(name, value);
        self
    }

    /// Sets a member in place.
    pub fn insert(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if let Some(slot) = self.values.iter_mut().find(|(k, _)| k == name) {
            slot.1 = value;
        } else {
            self.values.push((name.to_owned(), value));
        }
    }

    /// Removes a member, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.values.iter().position(|(k, _)| k == name)?;
        Some(self.values.remove(i).1)
    }

    /// Adds a user-metadata entry (`x-amz-meta-<key>`); makes `Metadata` present.
    pub fn metadata(mut self, key: &str, value: impl Into<String>) -> Self {
        self.metadata.insert(key.to_owned(), value.into());
        self
    }

    /// The value of a member (not `Metadata`; see [`ExtraArgs::metadata_map`]).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// One user-metadata entry.
    pub fn get_metadata(&self, key: &str) -> Option<&str> {
        self.metadata.get(key).map(String::as_str)
    }

    /// All user-metadata entries.
    pub fn metadata_map(&self) -> &BTreeMap<String, String> {
        &self.metadata
    }

    /// True if the member is present (`"Metadata"` counts when any entry was added).
    pub fn contains(&self, name: &str) -> bool {
        if name == "Metadata" {
            return !self.metadata.is_empty();
        }
        self.get(name).is_some()
    }

    /// Member names present, in insertion order (`Metadata` last if present).
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.values.iter().map(|(k, _)| k.as_str()).collect();
        if !self.metadata.is_empty() {
            v.push("Metadata");
        }
        v
    }

    /// `(name, value)` pairs other than `Metadata`, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// True if nothing is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.metadata.is_empty()
    }

    /// Checks every name against `allowed`: `Invalid extra_args key '<k>', must be one of: <list>`.
    pub fn validate(&self, allowed: &[&str]) -> Result<()> {
        for name in self.names() {
            if !allowed.contains(&name) {
                return Err(TransferError::invalid(format!(
                    "Invalid extra_args key '{name}', must be one of: {}",
                    allowed.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// Keeps only the members in `allow` (s3transfer's `get_filtered_dict` with an allow-list).
    pub fn filter_allow(&self, allow: &[&str]) -> ExtraArgs {
        ExtraArgs {
            values: self.values.iter().filter(|(k, _)| allow.contains(&k.as_str())).cloned().collect(),
            metadata: if allow.contains(&"Metadata") { self.metadata.clone() } else { BTreeMap::new() },
        }
    }

    /// Drops the members in `block` (s3transfer's `get_filtered_dict` with a block-list).
    pub fn filter_block(&self, block: &[&str]) -> ExtraArgs {
        ExtraArgs {
            values: self.values.iter().filter(|(k, _)| !block.contains(&k.as_str())).cloned().collect(),
            metadata: if block.contains(&"Metadata") { BTreeMap::new() } else { self.metadata.clone() },
        }
    }

    /// The first full-object checksum value present, as `(arg name, value)`.
    pub fn full_object_checksum(&self) -> Option<(&'static str, &str)> {
        FULL_OBJECT_CHECKSUM_ARGS.iter().find_map(|n| self.get(n).map(|v| (*n, v)))
    }
}

/// `^arn:(aws).*:s3-object-lambda:[a-z\-0-9]+:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-]{1,63}`
/// (anchored at the start), checked without a regex engine.
pub fn is_object_lambda_arn(bucket: &str) -> bool {
    let Some(rest) = bucket.strip_prefix("arn:aws") else { return false };
    // `.*` is greedy but any split works: try every occurrence of the marker.
    let marker = ":s3-object-lambda:";
    let mut search = 0;
    while let Some(pos) = rest[search..].find(marker) {
        let after = &rest[search + pos + marker.len()..];
        if lambda_tail_matches(after) {
            return true;
        }
        search += pos + 1;
    }
    false
}

fn lambda_tail_matches(s: &str) -> bool {
    // region: [a-z\-0-9]+ then ':'
    let region_len = s.bytes().take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-').count();
    if region_len == 0 || s.as_bytes().get(region_len) != Some(&b':') {
        return false;
    }
    let s = &s[region_len + 1..];
    if s.len() < 13 || !s.as_bytes()[..12].iter().all(u8::is_ascii_digit) || s.as_bytes()[12] != b':' {
        return false;
    }
    let Some(s) = s[13..].strip_prefix("accesspoint") else { return false };
    let Some(&sep) = s.as_bytes().first() else { return false };
    if sep != b'/' && sep != b':' {
        return false;
    }
    s.as_bytes().get(1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// Rejects S3 Object Lambda access points, which the transfer manager does not support, and bucket
/// names no S3 bucket can have, as botocore's `validate_bucket_name` does: anything that is not an ARN
/// must be 1 to 255 characters of `a-z A-Z 0-9 . - _`. Checked before anything is sent, so a name
/// such as `bucket/prefix` can never address a key in another bucket on a path-style endpoint.
pub fn validate_bucket(bucket: &str) -> Result<()> {
    if is_object_lambda_arn(bucket) {
        return Err(TransferError::invalid(
            "TransferManager methods do not support S3 Object Lambda resource. Use direct client calls instead.",
        ));
    }
    if bucket.is_empty() {
        return Err(TransferError::invalid("Invalid bucket name: the bucket must not be empty"));
    }
    if bucket.starts_with("arn:") {
        return Ok(());
    }
    let valid_chars = bucket.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if !valid_chars || bucket.len() > 255 {
        return Err(TransferError::invalid(format!(
            "Invalid bucket name \"{bucket}\": Bucket name must match the regex \"^[a-zA-Z0-9.\\-_]{{1,255}}$\" or be an ARN"
        )));
    }
    Ok(())
}

/// Rejects an empty key, as botocore's parameter validation does (`Key` has a minimum length of 1):
/// on a path-style endpoint an empty key would address the bucket itself (a PUT creating it, a GET
/// listing it). Longer-than-S3 keys are left to S3 (`KeyTooLongError`).
pub fn validate_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(TransferError::invalid("Invalid length for parameter Key, value: 0, valid min length: 1"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_exact() {
        assert_eq!(ALLOWED_SHARED_ARGS.len(), 27);
        assert_eq!(ALLOWED_UPLOAD_ARGS.len(), 27 + 2 + 10);
        assert_eq!(ALLOWED_COPY_ARGS.len(), 27 + 9);
        assert_eq!(&ALLOWED_UPLOAD_ARGS[27..29], &["ChecksumType", "MpuObjectSize"]);
        assert_eq!(&ALLOWED_UPLOAD_ARGS[29..], FULL_OBJECT_CHECKSUM_ARGS);
        assert_eq!(ALLOWED_DOWNLOAD_ARGS[0], "ChecksumMode");
    }

    #[test]
    fn validate_names_bad_key_and_list() {
        let e = ExtraArgs::new().set("Bogus", "x").validate(ALLOWED_DELETE_ARGS).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid extra_args key 'Bogus', must be one of: MFA, VersionId, RequestPayer, ExpectedBucketOwner"
        );
        ExtraArgs::new().set("VersionId", "1").validate(ALLOWED_DELETE_ARGS).unwrap();
        let e = ExtraArgs::new().metadata("a", "b").validate(ALLOWED_DOWNLOAD_ARGS).unwrap_err();
        assert!(e.to_string().contains("'Metadata'"));
        ExtraArgs::new().metadata("a", "b").validate(ALLOWED_UPLOAD_ARGS).unwrap();
    }

    #[test]
    fn filters() {
        let a = ExtraArgs::new()
            .set("SSECustomerKey", "k")
            .set("ContentType", "t")
            .set("MpuObjectSize", "3")
            .metadata("m", "v");
        let part = a.filter_allow(UPLOAD_PART_ARGS);
        assert_eq!(part.names(), vec!["SSECustomerKey"]);
        let put = a.filter_block(PUT_OBJECT_BLOCKLIST);
        assert_eq!(put.names(), vec!["SSECustomerKey", "ContentType", "Metadata"]);
        let mut b = a.clone();
        b.insert("ContentType", "u");
        assert_eq!(b.get("ContentType"), Some("u"));
        assert_eq!(a.get("ContentType"), Some("t"));
    }

    #[test]
    fn object_lambda() {
        assert!(is_object_lambda_arn("arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/my-ap"));
        assert!(is_object_lambda_arn("arn:aws-cn:s3-object-lambda:cn-north-1:123456789012:accesspoint:ap"));
        assert!(!is_object_lambda_arn("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap"));
        assert!(!is_object_lambda_arn("my-bucket"));
        assert!(validate_bucket("arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/x").is_err());
        for bad in ["bucket/prefix", "Bad Bucket!", "../x", "a?b", "a#b"] {
            let e = validate_bucket(bad).unwrap_err();
            assert!(e.to_string().starts_with(&format!("Invalid bucket name \"{bad}\"")), "{e}");
        }
        assert!(validate_bucket(&"a".repeat(256)).is_err());
        assert!(validate_bucket(&"a".repeat(255)).is_ok());
        assert!(validate_bucket("my.bucket-name_1").is_ok());
        assert!(validate_bucket("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap").is_ok());
        assert!(validate_key("").unwrap_err().to_string().contains("parameter Key"));
        assert!(validate_key("k").is_ok());
    }
}
