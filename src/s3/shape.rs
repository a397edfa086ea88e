//! Applies [`ExtraArgs`] to `aws-sdk-s3` request builders (generated from the routing tables'
//! member lists; a member the request does not have is ignored — routing filters first).

use aws_sdk_s3::operation::*;

use crate::args::ExtraArgs;
use crate::error::{Result, TransferError};

fn date(name: &str, v: &str) -> Result<aws_smithy_types::DateTime> {
    use aws_smithy_types::date_time::Format;
    aws_smithy_types::DateTime::from_str(v, Format::DateTime)
        .or_else(|_| aws_smithy_types::DateTime::from_str(v, Format::HttpDate))
        .or_else(|_| aws_smithy_types::DateTime::from_str(v, Format::EpochSeconds))
        .map_err(|e| TransferError::invalid(format!("extra_args {name}: cannot parse {v:?} as a timestamp: {e}")))
}

fn int<T: std::str::FromStr>(name: &str, v: &str) -> Result<T> {
    v.parse().map_err(|_| TransferError::invalid(format!("extra_args {name}: {v:?} is not an integer")))
}

/// Applies `args` to a `put_object` request.
pub(crate) fn put_object(mut b: put_object::builders::PutObjectFluentBuilder, args: &ExtraArgs) -> Result<put_object::builders::PutObjectFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "ACL" => b.acl(v.into()),
            "CacheControl" => b.cache_control(v),
            "ChecksumAlgorithm" => b.checksum_algorithm(v.to_ascii_uppercase().as_str().into()),
            "ContentDisposition" => b.content_disposition(v),
            "ContentEncoding" => b.content_encoding(v),
            "ContentLanguage" => b.content_language(v),
            "ContentType" => b.content_type(v),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            "Expires" => b.expires(date(k, v)?),
            "GrantFullControl" => b.grant_full_control(v),
            "GrantRead" => b.grant_read(v),
            "GrantReadACP" => b.grant_read_acp(v),
            "GrantWriteACP" => b.grant_write_acp(v),
            "ObjectLockLegalHoldStatus" => b.object_lock_legal_hold_status(v.into()),
            "ObjectLockMode" => b.object_lock_mode(v.into()),
            "ObjectLockRetainUntilDate" => b.object_lock_retain_until_date(date(k, v)?),
            "RequestPayer" => b.request_payer(v.into()),
            "ServerSideEncryption" => b.server_side_encryption(v.into()),
            "StorageClass" => b.storage_class(v.into()),
            "SSECustomerAlgorithm" => b.sse_customer_algorithm(v),
            "SSECustomerKey" => b.sse_customer_key(v),
            "SSECustomerKeyMD5" => b.sse_customer_key_md5(v),
            "SSEKMSKeyId" => b.ssekms_key_id(v),
            "SSEKMSEncryptionContext" => b.ssekms_encryption_context(v),
            "Tagging" => b.tagging(v),
            "WebsiteRedirectLocation" => b.website_redirect_location(v),
            "ChecksumCRC32" => b.checksum_crc32(v),
            "ChecksumCRC32C" => b.checksum_crc32_c(v),
            "ChecksumCRC64NVME" => b.checksum_crc64_nvme(v),
            "ChecksumMD5" => b.checksum_md5(v),
            "ChecksumSHA1" => b.checksum_sha1(v),
            "ChecksumSHA256" => b.checksum_sha256(v),
            "ChecksumSHA512" => b.checksum_sha512(v),
            "ChecksumXXHASH3" => b.checksum_xxhash3(v),
            "ChecksumXXHASH64" => b.checksum_xxhash64(v),
            "ChecksumXXHASH128" => b.checksum_xxhash128(v),
            _ => b,
        };
    }
    if !args.metadata_map().is_empty() {
        b = b.set_metadata(Some(args.metadata_map().iter().map(|(k, v)| (k.clone(), v.clone())).collect()));
    }
    Ok(b)
}

/// Applies `args` to a `create_multipart_upload` request.
pub(crate) fn create_multipart_upload(mut b: create_multipart_upload::builders::CreateMultipartUploadFluentBuilder, args: &ExtraArgs) -> Result<create_multipart_upload::builders::CreateMultipartUploadFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "ACL" => b.acl(v.into()),
            "CacheControl" => b.cache_control(v),
            "ChecksumAlgorithm" => b.checksum_algorithm(v.to_ascii_uppercase().as_str().into()),
            "ContentDisposition" => b.content_disposition(v),
            "ContentEncoding" => b.content_encoding(v),
            "ContentLanguage" => b.content_language(v),
            "ContentType" => b.content_type(v),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            "Expires" => b.expires(date(k, v)?),
            "GrantFullControl" => b.grant_full_control(v),
            "GrantRead" => b.grant_read(v),
            "GrantReadACP" => b.grant_read_acp(v),
            "GrantWriteACP" => b.grant_write_acp(v),
            "ObjectLockLegalHoldStatus" => b.object_lock_legal_hold_status(v.into()),
            "ObjectLockMode" => b.object_lock_mode(v.into()),
            "ObjectLockRetainUntilDate" => b.object_lock_retain_until_date(date(k, v)?),
            "RequestPayer" => b.request_payer(v.into()),
            "ServerSideEncryption" => b.server_side_encryption(v.into()),
            "StorageClass" => b.storage_class(v.into()),
            "SSECustomerAlgorithm" => b.sse_customer_algorithm(v),
            "SSECustomerKey" => b.sse_customer_key(v),
            "SSECustomerKeyMD5" => b.sse_customer_key_md5(v),
            "SSEKMSKeyId" => b.ssekms_key_id(v),
            "SSEKMSEncryptionContext" => b.ssekms_encryption_context(v),
            "Tagging" => b.tagging(v),
            "WebsiteRedirectLocation" => b.website_redirect_location(v),
            "ChecksumType" => b.checksum_type(v.into()),
            _ => b,
        };
    }
    if !args.metadata_map().is_empty() {
        b = b.set_metadata(Some(args.metadata_map().iter().map(|(k, v)| (k.clone(), v.clone())).collect()));
    }
    Ok(b)
}

/// Applies `args` to a `upload_part` request.
pub(crate) fn upload_part(mut b: upload_part::builders::UploadPartFluentBuilder, args: &ExtraArgs) -> Result<upload_part::builders::UploadPartFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "ChecksumAlgorithm" => b.checksum_algorithm(v.to_ascii_uppercase().as_str().into()),
            "SSECustomerAlgorithm" => b.sse_customer_algorithm(v),
            "SSECustomerKey" => b.sse_customer_key(v),
            "SSECustomerKeyMD5" => b.sse_customer_key_md5(v),
            "RequestPayer" => b.request_payer(v.into()),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            "ChecksumCRC32" => b.checksum_crc32(v),
            "ChecksumCRC32C" => b.checksum_crc32_c(v),
            "ChecksumCRC64NVME" => b.checksum_crc64_nvme(v),
            "ChecksumMD5" => b.checksum_md5(v),
            "ChecksumSHA1" => b.checksum_sha1(v),
            "ChecksumSHA256" => b.checksum_sha256(v),
            "ChecksumSHA512" => b.checksum_sha512(v),
            "ChecksumXXHASH3" => b.checksum_xxhash3(v),
            "ChecksumXXHASH64" => b.checksum_xxhash64(v),
            "ChecksumXXHASH128" => b.checksum_xxhash128(v),
            _ => b,
        };
    }
    Ok(b)
}

/// Applies `args` to a `complete_multipart_upload` request.
pub(crate) fn complete_multipart_upload(mut b: complete_multipart_upload::builders::CompleteMultipartUploadFluentBuilder, args: &ExtraArgs) -> Result<complete_multipart_upload::builders::CompleteMultipartUploadFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "SSECustomerAlgorithm" => b.sse_customer_algorithm(v),
            "SSECustomerKey" => b.sse_customer_key(v),
            "SSECustomerKeyMD5" => b.sse_customer_key_md5(v),
            "RequestPayer" => b.request_payer(v.into()),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            "ChecksumCRC32" => b.checksum_crc32(v),
            "ChecksumCRC32C" => b.checksum_crc32_c(v),
            "ChecksumCRC64NVME" => b.checksum_crc64_nvme(v),
            "ChecksumMD5" => b.checksum_md5(v),
            "ChecksumSHA1" => b.checksum_sha1(v),
            "ChecksumSHA256" => b.checksum_sha256(v),
            "ChecksumSHA512" => b.checksum_sha512(v),
            "ChecksumXXHASH3" => b.checksum_xxhash3(v),
            "ChecksumXXHASH64" => b.checksum_xxhash64(v),
            "ChecksumXXHASH128" => b.checksum_xxhash128(v),
            "ChecksumType" => b.checksum_type(v.into()),
            "MpuObjectSize" => b.mpu_object_size(int::<i64>(k, v)?),
            _ => b,
        };
    }
    Ok(b)
}

/// Applies `args` to a `head_object` request.
pub(crate) fn head_object(mut b: head_object::builders::HeadObjectFluentBuilder, args: &ExtraArgs) -> Result<head_object::builders::HeadObjectFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "SSECustomerAlgorithm" => b.sse_customer_algorithm(v),
            "SSECustomerKey" => b.sse_customer_key(v),
            "SSECustomerKeyMD5" => b.sse_customer_key_md5(v),
            "RequestPayer" => b.request_payer(v.into()),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            "VersionId" => b.version_id(v),
            "ChecksumMode" => b.checksum_mode(v.into()),
            "IfMatch" => b.if_match(v),
            "IfNoneMatch" => b.if_none_match(v),
            "IfModifiedSince" => b.if_modified_since(date(k, v)?),
            "IfUnmodifiedSince" => b.if_unmodified_since(date(k, v)?),
            "Range" => b.range(v),
            "PartNumber" => b.part_number(int::<i32>(k, v)?),
            _ => b,
        };
    }
    Ok(b)
}

/// Applies `args` to a `get_object` request.
pub(crate) fn get_object(mut b: get_object::builders::GetObjectFluentBuilder, args: &ExtraArgs) -> Result<get_object::builders::GetObjectFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "SSECustomerAlgorithm" => b.sse_customer_algorithm(v),
            "SSECustomerKey" => b.sse_customer_key(v),
            "SSECustomerKeyMD5" => b.sse_customer_key_md5(v),
            "RequestPayer" => b.request_payer(v.into()),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            "VersionId" => b.version_id(v),
            "ChecksumMode" => b.checksum_mode(v.into()),
            "IfMatch" => b.if_match(v),
            "IfNoneMatch" => b.if_none_match(v),
            "IfModifiedSince" => b.if_modified_since(date(k, v)?),
            "IfUnmodifiedSince" => b.if_unmodified_since(date(k, v)?),
            "Range" => b.range(v),
            "PartNumber" => b.part_number(int::<i32>(k, v)?),
            _ => b,
        };
    }
    Ok(b)
}

/// Applies `args` to a `copy_object` request.
pub(crate) fn copy_object(mut b: copy_object::builders::CopyObjectFluentBuilder, args: &ExtraArgs) -> Result<copy_object::builders::CopyObjectFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "ACL" => b.acl(v.into()),
            "CacheControl" => b.cache_control(v),
            "ChecksumAlgorithm" => b.checksum_algorithm(v.to_ascii_uppercase().as_str().into()),
            "ContentDisposition" => b.content_disposition(v),
            "ContentEncoding" => b.content_encoding(v),
            "ContentLanguage" => b.content_language(v),
            "ContentType" => b.content_type(v),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            "Expires" => b.expires(date(k, v)?),
            "GrantFullControl" => b.grant_full_control(v),
            "GrantRead" => b.grant_read(v),
            "GrantReadACP" => b.grant_read_acp(v),
            "GrantWriteACP" => b.grant_write_acp(v),
            "ObjectLockLegalHoldStatus" => b.object_lock_legal_hold_status(v.into()),
            "ObjectLockMode" => b.object_lock_mode(v.into()),
            "ObjectLockRetainUntilDate" => b.object_lock_retain_until_date(date(k, v)?),
            "RequestPayer" => b.request_payer(v.into()),
            "ServerSideEncryption" => b.server_side_encryption(v.into()),
            "StorageClass" => b.storage_class(v.into()),
            "SSECustomerAlgorithm" => b.sse_customer_algorithm(v),
            "SSECustomerKey" => b.sse_customer_key(v),
            "SSECustomerKeyMD5" => b.sse_customer_key_md5(v),
            "SSEKMSKeyId" => b.ssekms_key_id(v),
            "SSEKMSEncryptionContext" => b.ssekms_encryption_context(v),
            "Tagging" => b.tagging(v),
            "WebsiteRedirectLocation" => b.website_redirect_location(v),
            "CopySourceIfMatch" => b.copy_source_if_match(v),
            "CopySourceIfModifiedSince" => b.copy_source_if_modified_since(date(k, v)?),
            "CopySourceIfNoneMatch" => b.copy_source_if_none_match(v),
            "CopySourceIfUnmodifiedSince" => b.copy_source_if_unmodified_since(date(k, v)?),
            "CopySourceSSECustomerAlgorithm" => b.copy_source_sse_customer_algorithm(v),
            "CopySourceSSECustomerKey" => b.copy_source_sse_customer_key(v),
            "CopySourceSSECustomerKeyMD5" => b.copy_source_sse_customer_key_md5(v),
            "MetadataDirective" => b.metadata_directive(v.into()),
            "TaggingDirective" => b.tagging_directive(v.into()),
            _ => b,
        };
    }
    if !args.metadata_map().is_empty() {
        b = b.set_metadata(Some(args.metadata_map().iter().map(|(k, v)| (k.clone(), v.clone())).collect()));
    }
    Ok(b)
}

/// Applies `args` to a `upload_part_copy` request.
pub(crate) fn upload_part_copy(mut b: upload_part_copy::builders::UploadPartCopyFluentBuilder, args: &ExtraArgs) -> Result<upload_part_copy::builders::UploadPartCopyFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "CopySourceIfMatch" => b.copy_source_if_match(v),
            "CopySourceIfModifiedSince" => b.copy_source_if_modified_since(date(k, v)?),
            "CopySourceIfNoneMatch" => b.copy_source_if_none_match(v),
            "CopySourceIfUnmodifiedSince" => b.copy_source_if_unmodified_since(date(k, v)?),
            "CopySourceSSECustomerAlgorithm" => b.copy_source_sse_customer_algorithm(v),
            "CopySourceSSECustomerKey" => b.copy_source_sse_customer_key(v),
            "CopySourceSSECustomerKeyMD5" => b.copy_source_sse_customer_key_md5(v),
            "SSECustomerAlgorithm" => b.sse_customer_algorithm(v),
            "SSECustomerKey" => b.sse_customer_key(v),
            "SSECustomerKeyMD5" => b.sse_customer_key_md5(v),
            "RequestPayer" => b.request_payer(v.into()),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            _ => b,
        };
    }
    Ok(b)
}

/// Applies `args` to a `delete_object` request.
pub(crate) fn delete_object(mut b: delete_object::builders::DeleteObjectFluentBuilder, args: &ExtraArgs) -> Result<delete_object::builders::DeleteObjectFluentBuilder> {
    for (k, v) in args.iter() {
        b = match k {
            "MFA" => b.mfa(v),
            "VersionId" => b.version_id(v),
            "RequestPayer" => b.request_payer(v.into()),
            "ExpectedBucketOwner" => b.expected_bucket_owner(v),
            _ => b,
        };
    }
    Ok(b)
}
