//! Downloads on the CRT: one GetObject meta-request (ranged parallel GETs) into a staged temp file,
//! which the CRT writes itself (or, under a bandwidth limit, which the paced body callback writes),
//! renamed over the destination once every part came from one version of the object and, where
//! asked for, the whole file matched the stored checksum.

use std::sync::Arc;

use crate::crt::s3::{ChecksumMode, Headers, MetaRequestOptions, S3Client, S3RequestError};
use crate::error::{Result, TransferError};
use crate::fs::StagedFile;
use crate::runtime::TransferCtx;
use crate::s3::checksum;
use crate::transfer::{DownloadJob, DownloadTarget};

use super::addressing::Addressing;
use super::errors::{diagnose_download, file_write_error, from_request_error, is_network_error, MISSING_ETAG};
use super::headers::to_wire;
use super::meta::{progress_callback, run_meta_with};
use super::pacing::PacedDownload;

/// `Content-Range: bytes a-b/TOTAL` → TOTAL, else `Content-Length` of a 200.
fn object_size(status: u16, headers: &Headers) -> Option<u64> {
    if let Some(cr) = headers.get("content-range") {
        return cr.rsplit_once('/').and_then(|(_, t)| t.trim().parse().ok());
    }
    if status == 200 {
        return headers.get("content-length").and_then(|v| v.trim().parse().ok());
    }
    None
}

pub(super) async fn run(ctx: &TransferCtx, client: &S3Client, at: &Addressing, j: DownloadJob) -> Result<()> {
    let dest = match j.target {
        DownloadTarget::Path(p) => p,
        _ => return Err(TransferError::invalid("the CRT engine downloads to files only")),
    };
    let cfg = ctx.config();
    let (headers, query) = to_wire(&j.extra_args)?;
    // Same-directory temp file; created here so an unwritable destination directory fails with
    // the same I/O error as on the classic engine, before any request is made.
    let staged = StagedFile::create(&dest)?;
    let temp = staged.temp_path().to_owned();

    let addr = at.object(&j.bucket, &j.key).await?;
    let path = format!("{}{}", addr.path, query);
    // Known size and ETag (given, or provided in on_queued) let classic skip HeadObject; the CRT
    // only skips its HeadObject when it does not validate response checksums, so validation is then
    // left to an explicit `ChecksumMode` extra arg. (No size hint: with one, the CRT's first GET of a
    // missing key loses the S3 error code.)
    let known_size = ctx.future.meta().size();
    let known_etag = ctx.future.meta().etag();
    let validate = j.extra_args.contains("ChecksumMode") || known_size.is_none() || known_etag.is_none();
    let o = MetaRequestOptions::get_object(path.clone())
        .at(addr.endpoint.clone(), path.clone())
        .checksum(if validate { ChecksumMode::ValidateResponse } else { ChecksumMode::None })
        .part_size(cfg.multipart_chunksize);
    // Without a limit the CRT writes the temp file itself (`staged` removes it, after a failed write
    // was diagnosed with the disk still as it was); with one, bodies come to us (in order, as the
    // read window allows), are written here, and open the window as the bucket admits them.
    let paced = ctx.shared.bandwidth.clone().map(|bucket| PacedDownload::new(ctx, bucket, staged.file().clone(), temp.clone()));
    let mut o = match &paced {
        None => o.to_file(&temp).keep_file_on_failure(),
        Some(p) => o.on_body(p.body_callback()),
    };
    let mut sent_headers = headers.clone();
    if let Some(etag) = &known_etag {
        sent_headers.push(("If-Match".into(), etag.clone()));
    }
    for (n, v) in &sent_headers {
        o = o.header(n.clone(), v.clone());
    }
    let meta = ctx.future.meta_arc().clone();
    // ETags of every answer (HeadObject and each ranged GET), from the CRT's per-request telemetry.
    let etags: Arc<std::sync::Mutex<std::collections::BTreeSet<String>>> = Arc::default();
    let seen = etags.clone();
    let o = o
        .on_headers(move |status, h| {
            if let Some(size) = object_size(status, h) {
                meta.provide_transfer_size(size);
            }
            if let Some(etag) = h.get("etag") {
                meta.provide_object_etag(etag);
            }
        })
        .on_request_metrics(move |m| {
            if let (Some(200 | 206), Some(etag)) = (m.status, m.headers.get("etag")) {
                seen.lock().unwrap_or_else(|p| p.into_inner()).insert(etag.to_owned());
            }
        });
    // The CRT reports GET progress once per finished part; a paced download reports each body
    // chunk as it is delivered instead, so progress follows the limit.
    let o = if paced.is_some() { o } else { o.on_progress(progress_callback(ctx)) };
    let on_sent = paced.as_ref().map(|p| p.start_pacing(ctx));
    let result = run_meta_with(ctx, client, o, on_sent, None).await;
    if let Some(e) = paced.as_ref().and_then(|p| p.write_error()) {
        return Err(e);
    }
    let result = match result? {
        Err(e) => Err(diagnose_download(client, &addr.endpoint, &path, &sent_headers, e).await),
        ok => ok,
    };
    match result {
        Ok(_) => {
            // All parts must come from one version of the object. The CRT sends If-Match on the
            // later parts, which S3 enforces; servers that ignore it still name the version they
            // answered from in each response's ETag.
            let etags = etags.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if etags.len() > 1 {
                return Err(TransferError::S3DownloadFailed {
                    bucket: j.bucket,
                    key: j.key,
                    cause: Box::new(TransferError::Service {
                        operation: "GetObject".into(),
                        status: None,
                        code: Some("PreconditionFailed".into()),
                        message: Some(format!("the object changed during the download (parts with ETags {etags:?})")),
                        request_id: None,
                    }),
                });
            }
            // S3 sends no checksum with a ranged GET, so the CRT cannot check a multi-part download:
            // check the whole file before it is renamed (see `crate::checksum`).
            let size = ctx.future.meta().size().unwrap_or(0);
            if size > cfg.multipart_chunksize && checksum::validation_requested(&j.extra_args) {
                let etag = etags.iter().next().cloned().or(known_etag);
                let stored = checksum::fetch_stored(ctx.client(), &j.bucket, &j.key, &j.extra_args, etag.as_deref()).await?;
                if let Some((stored, part_size)) = stored {
                    let (t, b, k) = (temp.clone(), j.bucket.clone(), j.key.clone());
                    tokio::task::spawn_blocking(move || checksum::verify_file(&t, size, &stored, part_size, &b, &k))
                        .await
                        .map_err(|_| TransferError::Fatal { message: "checksum task failed".into() })??;
                }
            }
            staged.commit()
        }
        Err(S3RequestError::Service(se)) if se.status == 412 => Err(TransferError::S3DownloadFailed {
            bucket: j.bucket,
            key: j.key,
            cause: Box::new(from_request_error(S3RequestError::Service(se))),
        }),
        Err(S3RequestError::Crt(c)) if c.name == "AWS_ERROR_S3_RESPONSE_CHECKSUM_MISMATCH" => {
            Err(checksum::reported_mismatch(ctx.client(), &j.bucket, &j.key, &j.extra_args).await)
        }
        Err(S3RequestError::Crt(c)) if c.name == "AWS_ERROR_S3_OBJECT_MODIFIED" => Err(TransferError::S3DownloadFailed {
            bucket: j.bucket,
            key: j.key,
            cause: Box::new(from_request_error(S3RequestError::Crt(c))),
        }),
        // aws-c-s3 pins every part after the first to the first answer's ETag, so it refuses an
        // answer without one. Say what the user can do about it.
        Err(S3RequestError::Crt(c)) if c.name == MISSING_ETAG => Err(TransferError::Crt {
            message: format!(
                "{} The server answered without an ETag; the CRT engine cannot download from it, Engine::Classic and Engine::Auto can.",
                c.message
            ),
            code: c.code,
            name: c.name,
        }),
        Err(S3RequestError::Crt(c)) if is_network_error(&c.name) => Err(TransferError::RetriesExceeded {
            // The CRT retried the request `num_download_attempts - 1` times before giving up.
            last: Box::new(TransferError::Network { operation: "GetObject".into(), message: c.to_string() }),
        }),
        // aws-c-s3 hands back AWS_OP_ERR (-1) instead of an error code when writing the received
        // body to the file fails (`s_deliver_body_to_sink`), so a full disk arrives as "Unknown Error
        // Code". Report the local I/O error it is, as the classic engine does.
        Err(S3RequestError::Crt(c)) if c.code == -1 => Err(file_write_error(&temp)),
        Err(e) => Err(from_request_error(e)),
    }
}
