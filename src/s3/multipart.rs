//! The S3 operations of a multipart upload (and of a multipart copy's create, complete and abort),
//! shared by the classic engine and the legacy `S3Transfer`. What runs them when (concurrency,
//! cancellation, the abort after a failure) is the caller's.

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};

use crate::args::ExtraArgs;
use crate::error::{Result, TransferError};

use super::shape;

/// One part of one multipart upload.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Part<'a> {
    pub(crate) bucket: &'a str,
    pub(crate) key: &'a str,
    pub(crate) upload_id: &'a str,
    /// 1-based.
    pub(crate) number: i32,
    /// The UploadPart members of the upload's extra args (SSE-C, `RequestPayer`, `ChecksumAlgorithm`).
    pub(crate) args: &'a ExtraArgs,
}

/// CreateMultipartUpload; the upload id, or an error when the answer has none.
pub(crate) async fn create(client: &aws_sdk_s3::Client, bucket: &str, key: &str, args: &ExtraArgs) -> Result<String> {
    let req = shape::create_multipart_upload(client.create_multipart_upload().bucket(bucket).key(key), args)?;
    let out = req.send().await.map_err(|e| TransferError::from_sdk("CreateMultipartUpload", e))?;
    use aws_sdk_s3::operation::RequestId;
    let request_id = out.request_id().map(str::to_owned);
    out.upload_id.ok_or_else(|| TransferError::Service {
        operation: "CreateMultipartUpload".into(),
        status: None,
        code: None,
        message: Some("response has no UploadId".into()),
        request_id,
    })
}

/// UploadPart of `len` bytes of `body`. A `ChecksumAlgorithm` arg makes the client send that checksum
/// and sign no payload; `config` overrides the client's configuration for this request (e.g. its
/// checksum calculation). The part descriptor echoes the answer's checksum of the upload's algorithm.
pub(crate) async fn upload_part(
    client: &aws_sdk_s3::Client,
    part: &Part<'_>,
    body: ByteStream,
    len: u64,
    config: Option<aws_sdk_s3::config::Builder>,
) -> Result<CompletedPart> {
    let req = client
        .upload_part()
        .bucket(part.bucket)
        .key(part.key)
        .upload_id(part.upload_id)
        .part_number(part.number)
        .content_length(len as i64)
        .body(body);
    let req = shape::upload_part(req, part.args)?;
    let alg = part.args.get("ChecksumAlgorithm");
    let mut c = req.customize();
    if let Some(o) = config {
        c = c.config_override(o);
    }
    if alg.is_some() {
        c = c.disable_payload_signing();
    }
    let out = c.send().await.map_err(|e| TransferError::from_sdk("UploadPart", e))?;
    Ok(completed_part(
        part.number,
        out.e_tag,
        alg,
        [out.checksum_crc32, out.checksum_crc32_c, out.checksum_crc64_nvme, out.checksum_sha1, out.checksum_sha256],
    ))
}

/// CompleteMultipartUpload with `parts` (sorted here by part number).
pub(crate) async fn complete(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    key: &str,
    upload_id: &str,
    mut parts: Vec<CompletedPart>,
    args: &ExtraArgs,
) -> Result<()> {
    parts.sort_by_key(|p| p.part_number);
    let req = client
        .complete_multipart_upload()
        .bucket(bucket)
        .key(key)
        .upload_id(upload_id)
        .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build());
    let req = shape::complete_multipart_upload(req, args)?;
    req.send().await.map_err(|e| TransferError::from_sdk("CompleteMultipartUpload", e))?;
    Ok(())
}

/// AbortMultipartUpload (Bucket, Key, UploadId only). A failure is logged, not returned: the caller
/// is already reporting the error that made it abort.
pub(crate) async fn abort(client: &aws_sdk_s3::Client, bucket: &str, key: &str, upload_id: &str) {
    let r = client.abort_multipart_upload().bucket(bucket).key(key).upload_id(upload_id).send().await;
    if let Err(e) = r {
        tracing::warn!(upload_id, "AbortMultipartUpload failed: {}", TransferError::from_sdk("AbortMultipartUpload", e));
    }
}

/// A part descriptor for CompleteMultipartUpload, echoing the answer's checksum of `alg` if present
/// (`sums` in the order CRC32, CRC32C, CRC64NVME, SHA1, SHA256).
pub(crate) fn completed_part(n: i32, etag: Option<String>, alg: Option<&str>, sums: [Option<String>; 5]) -> CompletedPart {
    let mut p = CompletedPart::builder().part_number(n).set_e_tag(etag);
    if let Some(alg) = alg {
        let [crc32, crc32c, crc64, sha1, sha256] = sums;
        p = match alg.to_ascii_uppercase().as_str() {
            "CRC32" => p.set_checksum_crc32(crc32),
            "CRC32C" => p.set_checksum_crc32_c(crc32c),
            "CRC64NVME" => p.set_checksum_crc64_nvme(crc64),
            "SHA1" => p.set_checksum_sha1(sha1),
            "SHA256" => p.set_checksum_sha256(sha256),
            _ => p,
        };
    }
    p.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completed_part_echoes_only_the_uploads_algorithm() {
        let sums = || [Some("crc32".to_owned()), Some("crc32c".to_owned()), None, Some("sha1".to_owned()), None];
        let p = completed_part(2, Some("\"e\"".into()), Some("crc32"), sums());
        assert_eq!((p.part_number(), p.e_tag()), (Some(2), Some("\"e\"")));
        assert_eq!(p.checksum_crc32(), Some("crc32"), "the algorithm's member, case-insensitively");
        assert_eq!((p.checksum_crc32_c(), p.checksum_sha1()), (None, None), "no other member");
        let p = completed_part(3, Some("\"f\"".into()), Some("SHA1"), sums());
        assert_eq!((p.checksum_sha1(), p.checksum_crc32()), (Some("sha1"), None));
        let p = completed_part(4, None, None, sums());
        assert_eq!((p.checksum_crc32(), p.checksum_sha1()), (None, None), "no algorithm: no checksum");
        let p = completed_part(5, None, Some("SHA256"), sums());
        assert_eq!(p.checksum_sha256(), None, "the answer had none: none listed");
    }
}
