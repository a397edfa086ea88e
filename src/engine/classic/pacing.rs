//! Upload bodies of the classic engine that report progress as the HTTP layer takes them and are
//! paced by the manager's bandwidth limit (s3transfer's `AggregatedProgressCallback` and
//! `BandwidthLimitedStream` over a request body).

use std::sync::Arc;

use aws_sdk_s3::primitives::ByteStream;
use bytes::Bytes;

use crate::bandwidth::Pacer;
use crate::error::TransferError;
use crate::runtime::TransferCtx;

/// Upload progress granularity (s3transfer's `AggregatedProgressCallback` threshold).
const PROGRESS_THRESHOLD: i64 = 256 * 1024;

/// Progress of one request body across the client's attempts: each attempt first undoes what the
/// previous one reported, so the sum over a successful request equals its length.
struct BodyProgress {
    ctx: TransferCtx,
    reported: std::sync::atomic::AtomicI64,
    /// Whether the current attempt has handed its last byte to the HTTP layer (see [`SentFlag`]).
    sent: SentFlag,
}

/// Set once a request body's last byte went to the HTTP layer, cleared when the client starts
/// another attempt. Until then the server cannot have the whole body, so the request can be dropped
/// without it becoming a part; after, S3 may store the part whether or not we wait for the answer.
#[derive(Clone, Default)]
pub(crate) struct SentFlag(Arc<std::sync::atomic::AtomicBool>);

impl SentFlag {
    pub(crate) fn get(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    fn set(&self, v: bool) {
        self.0.store(v, std::sync::atomic::Ordering::SeqCst)
    }
}

/// A request body served from memory in 256 KiB frames, reporting progress as frames are taken
/// by the HTTP layer (aggregated to 256 KiB, the remainder flushed at end of body). With a
/// bandwidth limit each frame is paid for through the manager's bucket before it is handed over
/// (the last one too, so small bodies are accounted as s3transfer's `close()` does).
struct ProgressBody {
    data: Bytes,
    pending: i64,
    progress: Arc<BodyProgress>,
    pacer: Option<Pacer>,
    /// The size of the frame already counted by the pacer and not yet handed over.
    counted: Option<usize>,
}

impl http_body::Body for ProgressBody {
    type Data = Bytes;
    type Error = TransferError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<std::result::Result<http_body::Frame<Bytes>, Self::Error>>> {
        use std::sync::atomic::Ordering;
        use std::task::Poll;
        if self.data.is_empty() {
            return Poll::Ready(None);
        }
        let n = self.data.len().min(PROGRESS_THRESHOLD as usize);
        let this = &mut *self;
        if let Some(pacer) = this.pacer.as_mut() {
            if this.counted.is_none() {
                pacer.add(n as u64);
                this.counted = Some(n);
            }
            let last = this.data.len() == n;
            match pacer.poll_admit(cx, last) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Ok(())) => this.counted = None,
            }
        }
        let frame = self.data.split_to(n);
        if self.data.is_empty() {
            self.progress.sent.set(true);
        }
        self.pending += n as i64;
        // Report every 256 KiB, and the remainder with the last frame (the HTTP layer does not poll
        // again once it has sent Content-Length bytes).
        if self.pending >= PROGRESS_THRESHOLD || self.data.is_empty() {
            let n = std::mem::take(&mut self.pending);
            self.progress.reported.fetch_add(n, Ordering::SeqCst);
            self.progress.ctx.progress(n);
        }
        Poll::Ready(Some(Ok(http_body::Frame::data(frame))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.data.len() as u64)
    }
}

/// An in-memory request body that reports progress while it is sent (and is paced by the
/// manager's bandwidth limit, if any), and tells `sent` when its last byte went out. The client
/// still sees the whole content (`SdkBody::bytes`), so it computes the checksum header and does not
/// switch to aws-chunked encoding; reading it for the checksum is not paced (s3transfer's "not
/// transferring" signal).
pub(crate) fn progress_stream(ctx: &TransferCtx, data: Bytes, sent: SentFlag) -> ByteStream {
    let bucket = ctx.shared.bandwidth.clone();
    if data.is_empty() {
        sent.set(true);
        return ByteStream::from(data);
    }
    let progress = Arc::new(BodyProgress { ctx: ctx.clone(), reported: std::sync::atomic::AtomicI64::new(0), sent });
    let body = aws_smithy_types::body::SdkBody::from(data.clone()).map_preserve_contents(move |_| {
        use std::sync::atomic::Ordering;
        progress.sent.set(false);
        // A new attempt: undo what the previous attempt reported.
        let undo = progress.reported.swap(0, Ordering::SeqCst);
        if undo != 0 {
            progress.ctx.progress(-undo);
        }
        let pacer = bucket.as_ref().map(|b| Pacer::new(b.clone(), Some(progress.ctx.coord().clone())));
        aws_smithy_types::body::SdkBody::from_body_1_x(ProgressBody {
            data: data.clone(),
            pending: 0,
            progress: progress.clone(),
            pacer,
            counted: None,
        })
    });
    ByteStream::new(body)
}
