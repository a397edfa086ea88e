//! The pure-Rust "classic" engine: s3transfer's classic `TransferManager` algorithms over
//! `aws-sdk-s3` and tokio.
//!
//! Instead of Python's three thread pools and chained tasks, each transfer is one async task
//! that plans the work (HeadObject, size probing), runs the requests as spawned subtasks bounded
//! by the manager-wide `max_request_concurrency` semaphore (and the in-memory chunk semaphores),
//! joins them all, runs its cleanup (abort of a multipart upload, removal of a temp file) and
//! only then announces completion. The observable contract is s3transfer's: status machine,
//! first error wins, abort exactly once on any failure or cancel, `on_done` after cleanups.
//!
//! Cancellation (`TransferFuture::cancel`, `shutdown(true, ..)`, a failing part, a panicking
//! subscriber) fires the coordinator's cancellation token; in-flight requests are dropped at once
//! (Python let them finish, raising on the next body read), queued parts never start. An UploadPart
//! cut short cannot become a part (S3 needs its whole body). The exceptions: CreateMultipartUpload
//! is allowed to finish so the upload it created can be aborted; requests the server may carry out
//! whether or not we wait (an UploadPartCopy; an UploadPart whose whole body has gone out) are
//! waited for (at most 30 s), so that the abort reaches S3 after them; and when a part *failed*
//! (rather than the transfer being cancelled), the other UploadParts in flight are finished, as
//! s3transfer does, before the abort. A failing subtask records its error before it frees its
//! request slot, so no request starts after a failure.
//!
//! Back-pressure uses the manager-wide semaphores directly (request slots, the in-memory upload
//! `TaskSemaphore` and the download `SlidingWindowSemaphore`); s3transfer's `BoundedExecutor` is
//! provided for parity in `compat`.


mod client;
mod copy;
mod delete;
mod download;
mod errors;
mod pacing;
mod upload;

use crate::error::Result;
use crate::runtime::TransferCtx;
use crate::transfer::Job;

pub(crate) use upload::add_operation_defaults;

/// Runs one transfer's work on the classic engine.
pub(crate) async fn run(ctx: &TransferCtx, job: Job) -> Result<()> {
    match job {
        Job::Upload(j) => upload::run(ctx, j).await,
        Job::Download(j) => download::run(ctx, j).await,
        Job::Copy(j) => copy::run(ctx, j).await,
        Job::Delete(j) => delete::run(ctx, j).await,
    }
}
