//! Copies (reference §12, §4.4).
//!
//! HeadObject on the source client (unless size and ETag were both provided), then `CopyObject`
//! when `size < multipart_threshold` (one progress event of the full size, also `0` for an empty
//! object, as in Python), else CreateMultipartUpload + `UploadPartCopy` per part (closed
//! `CopySourceRange`, `CopySourceIfMatch` = the source ETag) + CompleteMultipartUpload, with one
//! progress event per part. `PreconditionFailed` on a part becomes
//! [`TransferError::S3CopyFailed`] naming the source. Any failure aborts the upload once, after the
//! UploadPartCopy requests in flight were answered (see `TransferCtx::guard_unless`).

use aws_sdk_s3::types::CompletedMultipartUpload;

use super::{apply, join_all, upload, TransferCtx};
use crate::args::{self, ExtraArgs};
use crate::error::{Result, TransferError};
use crate::manager::CopySource;
use crate::utils::{calculate_num_parts, calculate_range_parameter, ChunksizeAdjuster};

pub(crate) struct CopyJob {
    pub(crate) source: CopySource,
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) extra_args: ExtraArgs,
    pub(crate) source_client: Option<aws_sdk_s3::Client>,
}

/// The HeadObject args of a copy: the copy-source conditions and keys renamed (§4.4).
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
        let req = apply::head_object(client.head_object().bucket(&job.source.bucket).key(&job.source.key), &hargs)?;
        let out = ctx.guard(async { req.send().await.map_err(|e| TransferError::from_sdk("HeadObject", e)) }).await?;
        meta.provide_transfer_size(out.content_length.unwrap_or(0).max(0) as u64);
        if let Some(e) = out.e_tag {
            meta.provide_object_etag(e);
        }
    }
    let size = meta.size().unwrap_or(0);
    let etag = meta.etag();
    let copy_source = job.source.header_value();

    if size < ctx.config().multipart_threshold {
        let _slot = ctx.request_slot().await?;
        let req = ctx.client().copy_object().copy_source(&copy_source).bucket(&job.bucket).key(&job.key);
        let req = apply::copy_object(req, &job.extra_args)?;
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
        let req = apply::create_multipart_upload(
            ctx.client().create_multipart_upload().bucket(&job.bucket).key(&job.key),
            &create_args,
        )?;
        // Not cut short by a cancel: the upload must be known to be aborted.
        let out = req.send().await.map_err(|e| TransferError::from_sdk("CreateMultipartUpload", e))?;
        out.upload_id.unwrap_or_default()
    };
    if let Err(e) = ctx.check() {
        upload::abort(ctx, &job.bucket, &job.key, &upload_id).await;
        return Err(e);
    }

    let part_size = ChunksizeAdjuster::default().adjust_chunksize(ctx.config().multipart_chunksize, Some(size));
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
                let req = apply::upload_part_copy(req, &args)?;
                let out = ctx2
                    .guard_unless(|| true, async {
                        req.send().await.map_err(|e| {
                            let err = TransferError::from_sdk("UploadPartCopy", e);
                            if err.s3_code() == Some("PreconditionFailed") {
                                TransferError::S3CopyFailed { bucket: src_bucket, key: src_key, cause: Box::new(err) }
                            } else {
                                err
                            }
                        })
                    })
                    .await?;
                ctx2.progress(part_len as i64);
                let r = out.copy_part_result.unwrap_or_else(|| aws_sdk_s3::types::CopyPartResult::builder().build());
                Ok(upload::completed_part(
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
        Ok(mut p) => {
            p.sort_by_key(|p| p.part_number);
            p
        }
        Err(e) => {
            upload::abort(ctx, &job.bucket, &job.key, &upload_id).await;
            return Err(e);
        }
    };
    let complete = async {
        ctx.check()?;
        let _slot = ctx.request_slot().await?;
        let req = ctx
            .client()
            .complete_multipart_upload()
            .bucket(&job.bucket)
            .key(&job.key)
            .upload_id(&upload_id)
            .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build());
        let req = apply::complete_multipart_upload(req, &complete_args)?;
        ctx.guard(async { req.send().await.map_err(|e| TransferError::from_sdk("CompleteMultipartUpload", e)) }).await
    };
    match complete.await {
        Ok(_) => Ok(()),
        Err(e) => {
            upload::abort(ctx, &job.bucket, &job.key, &upload_id).await;
            Err(e)
        }
    }
}
