//! Uploads on the CRT: a file (read by the CRT itself) or bytes, as one PutObject meta-request that
//! aws-c-s3 turns into a multipart upload above the threshold.

use std::sync::Arc;

use crate::args::ExtraArgs;
use crate::bandwidth::Pacer;
use crate::crt::async_stream::AsyncBody;
use crate::crt::s3::{ChecksumMode, MetaRequestOptions, RequestBody, S3Client};
use crate::error::{Result, TransferError};
use crate::runtime::TransferCtx;
use crate::s3::parts::upload_part_size;
use crate::transfer::{UploadJob, UploadSource};

use super::addressing::Addressing;
use super::client::crt_threshold;
use super::errors::from_request_error;
use super::headers::to_wire;
use super::meta::{progress_callback, run_meta_with, CreateGate};
use super::pacing::{PacedData, PacedUploadSource};

/// The trailer checksum of an upload: the `ChecksumAlgorithm` arg (added by the manager for
/// `ChecksumCalculation::WhenSupported`, or given by the caller), none with a full-object value.
fn upload_checksum(extra: &ExtraArgs) -> Result<ChecksumMode> {
    if extra.full_object_checksum().is_some() {
        // The caller's full-object value travels as a header.
        return Ok(ChecksumMode::None);
    }
    let Some(alg) = extra.get("ChecksumAlgorithm") else {
        return Ok(ChecksumMode::None);
    };
    Ok(match alg.to_ascii_uppercase().as_str() {
        "CRC32" => ChecksumMode::TrailerCrc32,
        "CRC32C" => ChecksumMode::TrailerCrc32c,
        "CRC64NVME" => ChecksumMode::TrailerCrc64Nvme,
        "SHA1" => ChecksumMode::TrailerSha1,
        "SHA256" => ChecksumMode::TrailerSha256,
        other => {
            return Err(TransferError::invalid(format!(
                "ChecksumAlgorithm: {other} not supported by the CRT engine. Supported algorithms are: \
                 [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"
            )))
        }
    })
}

pub(super) async fn run(ctx: &TransferCtx, client: &S3Client, at: &Addressing, j: UploadJob) -> Result<()> {
    let cfg = ctx.config();
    let (body, size, source_name) = match j.source {
        UploadSource::Path(p) => {
            let md = tokio::fs::metadata(&p).await.map_err(|e| TransferError::io(&e, Some(&p)))?;
            if !md.is_file() {
                return Err(TransferError::Io {
                    path: Some(p.clone()),
                    kind: std::io::ErrorKind::InvalidInput,
                    message: "not a regular file".into(),
                });
            }
            let name = p.display().to_string();
            (RequestBody::File(p), md.len(), name)
        }
        UploadSource::Bytes(b) => {
            let len = b.len() as u64;
            (RequestBody::Bytes(b), len, format!("<{len} bytes in memory>"))
        }
        _ => return Err(TransferError::invalid("the CRT engine uploads files and bytes only")),
    };
    ctx.future.meta().provide_transfer_size(size);
    if j.extra_args.full_object_checksum().is_some() && size >= cfg.multipart_threshold {
        return Err(TransferError::invalid(
            "a full-object checksum value on a multipart upload is not supported by the CRT engine; use Engine::Classic",
        ));
    }
    let (headers, _query) = to_wire(&j.extra_args)?;
    let checksum = upload_checksum(&j.extra_args)?;
    let part_size = upload_part_size(cfg.multipart_chunksize, Some(size));
    // With a bandwidth limit the CRT reads the body from a Rust async stream that admits each
    // 256 KiB through the manager's bucket and reports it as progress as it passes.
    let paced = ctx.shared.bandwidth.is_some();
    let body = match (&ctx.shared.bandwidth, body) {
        (Some(bucket), body) => {
            let data = match body {
                RequestBody::File(p) => {
                    let f = tokio::fs::File::open(&p).await.map_err(|e| TransferError::io(&e, Some(&p)))?;
                    PacedData::File(f)
                }
                RequestBody::Bytes(b) => PacedData::Mem(b),
                _ => return Err(TransferError::invalid("the CRT engine uploads files and bytes only")),
            };
            let source = PacedUploadSource {
                data,
                remaining: size,
                pacer: Pacer::new(bucket.clone(), Some(ctx.coord().clone())),
                future: ctx.future.clone(),
                subscribers: ctx.subscribers.clone(),
            };
            RequestBody::Async(AsyncBody::new(source, size, ctx.shared.handle.clone()))
        }
        (None, body) => body,
    };
    let addr = at.object(&j.bucket, &j.key).await?;
    let mut o = MetaRequestOptions::put_object(addr.path.clone(), body)
        .at(addr.endpoint, addr.path)
        .checksum(checksum)
        .part_size(part_size)
        .multipart_threshold(crt_threshold(cfg.multipart_threshold));
    for (n, v) in headers {
        o = o.header(n, v);
    }
    // The CRT reports upload progress once per finished part; a paced upload reports bytes as the
    // limiter lets them into the CRT instead.
    let o = if paced { o } else { o.on_progress(progress_callback(ctx)) };
    // A multipart upload's cancel waits for CreateMultipartUpload's answer (see CreateGate).
    // aws-c-s3 sends one PutObject when the size is at most its threshold.
    let (o, gate) = if size > crt_threshold(cfg.multipart_threshold) {
        let gate = Arc::new(CreateGate::default());
        let g = gate.clone();
        let o = o.on_request_metrics(move |m| {
            if m.operation.as_deref() == Some("CreateMultipartUpload") && m.status.is_some_and(|s| (200..300).contains(&s)) {
                g.created();
            }
        });
        (o, Some(gate))
    } else {
        (o, None)
    };
    match run_meta_with(ctx, client, o, None, gate).await? {
        Ok(_) => Ok(()),
        Err(e) => Err(TransferError::S3UploadFailed {
            source_name,
            bucket: j.bucket,
            key: j.key,
            cause: Box::new(from_request_error(e)),
        }),
    }
}
