//! One `GetObject` (whole or ranged) with retries: the only GET loop of the crate, used by the
//! classic engine's downloads, the legacy `S3Transfer` and the `ProcessPoolDownloader`.
//!
//! Each attempt checks what s3transfer's `DownloadSubmissionTask` / `GetObjectTask` check and more:
//! * the `Content-Range` of a ranged answer against the requested `Range`
//!   (s3transfer's `validate_content_range`; a mismatch is [`TransferError::S3Validation`], not retried);
//! * with an expected ETag, `If-Match` is sent and the answer's own `ETag` must equal it (servers that
//!   ignore `If-Match` still say which version they sent: a part of another version is never mixed
//!   into the destination); either refusal is [`TransferError::S3DownloadFailed`], not retried;
//! * the body's length against the answer's `Content-Length` (a short body is a network error).
//!
//! A network error (a reset, a timeout, a short body: [`TransferError::is_retryable_stream_error`])
//! on the request or while its body streams is retried until `attempts` attempts were made, then
//! [`TransferError::RetriesExceeded`] carries the last one, as s3transfer retries
//! `S3_RETRYABLE_DOWNLOAD_ERRORS`. The [`GetSink`] sees every body frame at its offset in the
//! destination, and is told when an attempt is abandoned, so it can undo progress or refuse to retry.

use std::future::Future;

use bytes::Bytes;

use crate::args::ExtraArgs;
use crate::error::{DisplayChain, Result, TransferError};

/// One GET: what to fetch and where its first byte goes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GetRequest<'a> {
    pub(crate) bucket: &'a str,
    pub(crate) key: &'a str,
    /// The download's extra args (SSE-C, `VersionId`, `RequestPayer`, `ChecksumMode`, ...).
    pub(crate) extra: &'a ExtraArgs,
    /// `bytes=a-b` (or `bytes=a-`), or `None` for the whole object.
    pub(crate) range: Option<&'a str>,
    /// The ETag every answer must carry (sent as `If-Match`).
    pub(crate) etag: Option<&'a str>,
    /// Offset in the destination of the answer's first byte.
    pub(crate) start: u64,
}

/// Where a GET's body goes.
pub(crate) trait GetSink: Send {
    /// A body frame whose first byte belongs at `offset` of the destination.
    fn frame(&mut self, offset: u64, data: Bytes) -> impl Future<Output = Result<()>> + Send;

    /// The body ended (before its length is checked): write out anything held back.
    fn end_of_body(&mut self) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }

    /// The attempt failed with the retryable `error` after [`GetSink::frame`] took `delivered` bytes of
    /// it; the next attempt starts again at the request's `start`. `Err` stops the retries with that
    /// error (e.g. the transfer was cancelled meanwhile).
    fn retrying(&mut self, delivered: u64, error: &TransferError) -> Result<()>;
}

/// Runs `request` with up to `attempts` attempts (at least one), delivering its body to `sink`.
pub(crate) async fn get_object(
    client: &aws_sdk_s3::Client,
    request: &GetRequest<'_>,
    attempts: usize,
    sink: &mut impl GetSink,
) -> Result<()> {
    let mut last: Option<TransferError> = None;
    for _ in 0..attempts.max(1) {
        let mut delivered = 0u64;
        match attempt(client, request, sink, &mut delivered).await {
            Ok(()) => return Ok(()),
            Err(e) if e.is_retryable_stream_error() => {
                tracing::debug!(bucket = request.bucket, key = request.key, range = ?request.range, "retrying GET after: {e}");
                sink.retrying(delivered, &e)?;
                last = Some(e);
            }
            Err(e) => return Err(e),
        }
    }
    Err(TransferError::RetriesExceeded { last: Box::new(last.unwrap_or_else(|| TransferError::cancelled(""))) })
}

async fn attempt(client: &aws_sdk_s3::Client, r: &GetRequest<'_>, sink: &mut impl GetSink, delivered: &mut u64) -> Result<()> {
    let mut req = client.get_object().bucket(r.bucket).key(r.key);
    if let Some(range) = r.range {
        req = req.range(range);
    }
    if let Some(etag) = r.etag {
        req = req.if_match(etag);
    }
    let req = super::shape::get_object(req, r.extra)?;
    let out = req.send().await.map_err(|e| {
        let err = TransferError::from_sdk("GetObject", e);
        if err.s3_code() == Some("PreconditionFailed") {
            download_failed(r, err)
        } else {
            err
        }
    })?;
    validate_content_range(r.range, out.content_range.as_deref())?;
    if let (Some(want), Some(got)) = (r.etag, out.e_tag.as_deref()) {
        if want != got {
            return Err(download_failed(
                r,
                TransferError::Service {
                    operation: "GetObject".into(),
                    status: None,
                    code: Some("PreconditionFailed".into()),
                    message: Some(format!("response ETag {got} differs from the expected {want}")),
                    request_id: None,
                },
            ));
        }
    }
    let expected = out.content_length.map(|l| l.max(0) as u64);
    let mut body = out.body;
    while let Some(frame) = body.next().await {
        let frame = frame
            .map_err(|e| TransferError::Network { operation: "GetObject body".into(), message: format!("{}", DisplayChain(&e)) })?;
        let n = frame.len() as u64;
        sink.frame(r.start + *delivered, frame).await?;
        *delivered += n;
    }
    sink.end_of_body().await?;
    if let Some(expected) = expected {
        if *delivered != expected {
            return Err(TransferError::Network {
                operation: "GetObject body".into(),
                message: format!("body ended after {delivered} of {expected} bytes"),
            });
        }
    }
    Ok(())
}

fn download_failed(r: &GetRequest<'_>, cause: TransferError) -> TransferError {
    TransferError::S3DownloadFailed { bucket: r.bucket.to_owned(), key: r.key.to_owned(), cause: Box::new(cause) }
}

/// Checks a ranged GET's `Content-Range` against the requested `Range` (s3transfer's
/// `validate_content_range`): skipped if either is missing; an open-ended request is completed with
/// `total - 1`; the texts after the `bytes=` / `bytes ` prefixes must be equal.
pub fn validate_content_range(requested: Option<&str>, content_range: Option<&str>) -> Result<(), TransferError> {
    let (Some(requested), Some(content_range)) = (requested, content_range) else {
        return Ok(());
    };
    let (range_part, total) = content_range.split_once('/').unwrap_or((content_range, ""));
    let mut req = requested.to_owned();
    if req.ends_with('-') {
        if let Ok(total) = total.trim().parse::<u64>() {
            req.push_str(&total.saturating_sub(1).to_string());
        }
    }
    let req_text = req.get(6..).unwrap_or("");
    let got_text = range_part.get(6..).unwrap_or("");
    if req_text != got_text {
        return Err(TransferError::S3Validation { requested: req_text.to_owned(), received: got_text.to_owned() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_validation() {
        validate_content_range(Some("bytes=0-9"), Some("bytes 0-9/100")).unwrap();
        validate_content_range(Some("bytes=90-"), Some("bytes 90-99/100")).unwrap();
        validate_content_range(None, Some("bytes 0-9/100")).unwrap();
        validate_content_range(Some("bytes=0-9"), None).unwrap();
        let e = validate_content_range(Some("bytes=0-9"), Some("bytes 0-8/100")).unwrap_err();
        assert_eq!(e.to_string(), "Requested range: `0-9` does not match content range in response: `0-8`");
        assert!(validate_content_range(Some("bytes=90-"), Some("bytes 90-98/100")).is_err());
    }
}
