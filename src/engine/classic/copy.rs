//! Copies (s3transfer/copies.py).
//!
//! HeadObject on the source client (unless size and ETag were both provided), then `CopyObject`
//! when `size < multipart_threshold` (one progress event of the full size, also `0` for an empty
//! object, as in Python), else CreateMultipartUpload + `UploadPartCopy` per part (closed
//! `CopySourceRange`, `CopySourceIfMatch` = the source ETag) + CompleteMultipartUpload, with one
//! progress event per part. `PreconditionFailed` on a part becomes
//! [`TransferError::S3CopyFailed`] naming the source. Any failure aborts the upload once, after the
//! UploadPartCopy requests in flight were answered (see `TransferCtx::guard_unless`).

use super::errors::copy_source_changed;
use crate::args::{self, ExtraArgs};
use crate::error::{Result, TransferError};
use crate::runtime::{join_all, TransferCtx};
use crate::s3::parts::{calculate_num_parts, calculate_range_parameter, upload_part_size};
use crate::s3::{head, multipart, shape};
use crate::transfer::{CopyJob, CopySource};

/// The HeadObject args of a copy: the copy-source conditions and keys renamed (s3transfer/copies.py: `CopySubmissionTask`).
fn head_args(extra: &ExtraArgs, source: &CopySource) -> ExtraArgs {
    let mut out = ExtraArgs::new();
    if let Some(v) = &source.version_id {
        out.insert("VersionId", v.clone());
    }
    for (from, to) in args::COPY_HEAD_OBJECT_MAPPING {
        if let Some(v) = extra.get(from) {
            out.insert(to, v);
        }
    }
    out
}

pub(crate) async fn run(ctx: &TransferCtx, job: CopyJob) -> Result<()> {
    let meta = ctx.future.meta();
    if meta.size().is_none() || meta.etag().is_none() {
        let client = job.source_client.as_ref().unwrap_or(ctx.client());
        let hargs = head_args(&job.extra_args, &job.source);
        let _slot = ctx.request_slot().await?;
        let info = ctx.guard(head::head_object(client, &job.source.bucket, &job.source.key, &hargs)).await?;
        meta.provide_transfer_size(info.size);
        if let Some(e) = info.etag {
            meta.provide_object_etag(e);
        }
    }
    let size = meta.size().unwrap_or(0);
    let etag = meta.etag();
    let copy_source = job.source.header_value();

    if size < ctx.config().multipart_threshold {
        let _slot = ctx.request_slot().await?;
        let req = ctx.client().copy_object().copy_source(&copy_source).bucket(&job.bucket).key(&job.key);
        let req = shape::copy_object(req, &job.extra_args)?;
        ctx.guard(async { req.send().await.map_err(|e| TransferError::from_sdk("CopyObject", e)) }).await?;
        // Python reports copy progress unconditionally (a 0-byte copy reports 0 once).
        if size == 0 {
            for s in ctx.subscribers.iter() {
                let f = &ctx.future;
                if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.on_progress(f, 0))).is_err() {
                    return Err(TransferError::Fatal { message: "subscriber panicked in on_progress".into() });
                }
            }
        } else {
            ctx.progress(size as i64);
        }
        return Ok(());
    }

    let create_args = job.extra_args.filter_block(args::COPY_CREATE_MULTIPART_BLOCKLIST);
    let mut part_args = job.extra_args.filter_allow(args::UPLOAD_PART_COPY_ARGS);
    if let Some(e) = &etag {
        part_args.insert("CopySourceIfMatch", e.clone());
    }
    let complete_args = job.extra_args.filter_allow(args::COPY_COMPLETE_MULTIPART_ARGS);
    let alg = job.extra_args.get("ChecksumAlgorithm").map(str::to_owned);

    let upload_id = {
        let _slot = ctx.request_slot().await?;
        // Not cut short by a cancel: the upload must be known to be aborted.
        multipart::create(ctx.client(), &job.bucket, &job.key, &create_args).await?
    };
    let abort = || multipart::abort(ctx.client(), &job.bucket, &job.key, &upload_id);
    if let Err(e) = ctx.check() {
        abort().await;
        return Err(e);
    }

    let part_size = upload_part_size(ctx.config().multipart_chunksize, Some(size));
    let num_parts = calculate_num_parts(size, part_size);
    let mut set = tokio::task::JoinSet::new();
    let produce: Result<()> = async {
        for i in 0..num_parts {
            ctx.check()?;
            let slot = ctx.request_slot().await?;
            let n = (i + 1) as i32;
            let range = calculate_range_parameter(part_size, i, num_parts, Some(size));
            let part_len = if i + 1 == num_parts { size - i * part_size } else { part_size };
            let ctx2 = ctx.clone();
            let (bucket, key, upload_id, args, copy_source, alg) =
                (job.bucket.clone(), job.key.clone(), upload_id.clone(), part_args.clone(), copy_source.clone(), alg.clone());
            let (src_bucket, src_key) = (job.source.bucket.clone(), job.source.key.clone());
            let work = async move {
                ctx2.check()?;
                let req = ctx2
                    .client()
                    .upload_part_copy()
                    .copy_source(copy_source)
                    .bucket(bucket)
                    .key(key)
                    .upload_id(upload_id)
                    .part_number(n)
                    .copy_source_range(range);
                let req = shape::upload_part_copy(req, &args)?;
                let out = ctx2
                    .guard_unless(|| true, async {
                        req.send()
                            .await
                            .map_err(|e| copy_source_changed(TransferError::from_sdk("UploadPartCopy", e), &src_bucket, &src_key))
                    })
                    .await?;
                ctx2.progress(part_len as i64);
                let r = out.copy_part_result.unwrap_or_else(|| aws_sdk_s3::types::CopyPartResult::builder().build());
                Ok(multipart::completed_part(
                    n,
                    r.e_tag,
                    alg.as_deref(),
                    [r.checksum_crc32, r.checksum_crc32_c, r.checksum_crc64_nvme, r.checksum_sha1, r.checksum_sha256],
                ))
            };
            ctx.spawn_subtask(&mut set, work, move || drop(slot));
        }
        Ok(())
    }
    .await;
    if let Err(e) = &produce {
        ctx.fail(e.clone());
    }
    let parts = match join_all(ctx, set).await.and_then(|p| produce.map(|_| p)) {
        Ok(p) => p,
        Err(e) => {
            abort().await;
            return Err(e);
        }
    };
    let complete = async {
        ctx.check()?;
        let _slot = ctx.request_slot().await?;
        ctx.guard(multipart::complete(ctx.client(), &job.bucket, &job.key, &upload_id, parts, &complete_args)).await
    };
    match complete.await {
        Ok(()) => Ok(()),
        Err(e) => {
            abort().await;
            Err(e)
        }
    }
}
