//! Copies on the CRT: the source measured with a HeadObject, then one CopyObject meta-request (which
//! aws-c-s3 splits into part copies above 1 GiB).

use crate::args::ExtraArgs;
use crate::crt::s3::{MetaRequestOptions, S3Client, S3RequestError};
use crate::error::{Result, TransferError};
use crate::runtime::TransferCtx;
use crate::s3::head;
use crate::s3::parts::upload_part_size;
use crate::s3::uri::object_path;
use crate::transfer::CopyJob;

use super::addressing::Addressing;
use super::errors::from_request_error;
use super::headers::to_wire;
use super::meta::{progress_callback, run_meta};

/// Copy args that set the new object's metadata; classic sends them on CreateMultipartUpload, so
/// a multipart copy gets them whatever `MetadataDirective` says.
const METADATA_ARGS: &[&str] = &[
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "Expires",
    "Metadata",
    "WebsiteRedirectLocation",
];

pub(super) async fn run(ctx: &TransferCtx, client: &S3Client, at: &Addressing, j: CopyJob) -> Result<()> {
    let cfg = ctx.config();
    if j.source.version_id.is_some() || j.source_client.is_some() {
        return Err(TransferError::invalid("the CRT engine cannot run this copy (versioned source or source_client)"));
    }
    let (mut headers, _query) = to_wire(&j.extra_args)?;
    let src = at.object(&j.source.bucket, &j.source.key).await?;
    // Size and ETag of the source, as classic's HeadObject (skipped when both were provided).
    let meta = ctx.future.meta();
    let (size, etag) = match (meta.size(), meta.etag()) {
        (Some(s), Some(e)) => (s, Some(e)),
        _ => {
            let info = ctx.guard(head::head_object(ctx.client(), &j.source.bucket, &j.source.key, &ExtraArgs::new())).await?;
            meta.provide_transfer_size(info.size);
            if let Some(e) = &info.etag {
                meta.provide_object_etag(e.clone());
            }
            (info.size, info.etag)
        }
    };
    // The CRT copies objects below 1 GiB with one CopyObject. Classic copies objects at or above
    // `multipart_threshold` in parts, which gives them the caller's metadata args even without
    // `MetadataDirective`; keep that result by asking CopyObject to REPLACE in that case.
    if size >= cfg.multipart_threshold
        && !j.extra_args.contains("MetadataDirective")
        && METADATA_ARGS.iter().any(|a| j.extra_args.contains(a))
    {
        headers.push(("x-amz-metadata-directive".into(), "REPLACE".into()));
    }
    // Copy from the version we measured (classic sends CopySourceIfMatch on its part copies).
    if let (Some(e), false) = (&etag, j.extra_args.contains("CopySourceIfMatch")) {
        if size >= cfg.multipart_threshold {
            headers.push(("x-amz-copy-source-if-match".into(), e.clone()));
        }
    }
    let part_size = upload_part_size(cfg.multipart_chunksize, Some(size));
    let dst = at.object(&j.bucket, &j.key).await?;
    // The CRT's own HeadObject of the source would otherwise address it virtual-hosted style, which
    // cannot work against an IP endpoint: it gets the source's full URI.
    let copy_source = object_path(&j.source.bucket, &j.source.key)[1..].to_owned();
    let mut o = MetaRequestOptions::copy_object(dst.path.clone(), copy_source, format!("{}{}", src.endpoint, src.path))
        .at(dst.endpoint, dst.path)
        .part_size(part_size)
        .object_size_hint(size);
    for (n, v) in headers {
        o = o.header(n, v);
    }
    let o = o.on_progress(progress_callback(ctx));
    match run_meta(ctx, client, o).await? {
        Ok(_) => Ok(()),
        Err(S3RequestError::Service(se)) if se.status == 412 => Err(TransferError::S3CopyFailed {
            bucket: j.source.bucket,
            key: j.source.key,
            cause: Box::new(from_request_error(S3RequestError::Service(se))),
        }),
        Err(e) => Err(from_request_error(e)),
    }
}
