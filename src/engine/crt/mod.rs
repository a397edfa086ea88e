//! The CRT engine: each transfer is one aws-c-s3 meta-request on the manager's one CRT S3 client
//! (`client`), driving the same future, coordinator and subscribers as the classic engine. What it
//! does with every `TransferConfig` option, and where it differs from the classic engine, is in
//! `docs/engines.md`.

mod addressing;
mod client;
mod copy;
mod credentials;
mod delete;
mod download;
mod errors;
mod headers;
mod meta;
mod pacing;
mod upload;

pub(crate) use client::{Closer, CrtSlot};
pub(crate) use errors::is_missing_etag;

use crate::error::Result;
use crate::runtime::TransferCtx;
use crate::transfer::Job;

/// Runs one transfer's work on the CRT, once one of the meta-requests in flight is free.
pub(crate) async fn run(slot: &CrtSlot, ctx: &TransferCtx, job: Job) -> Result<()> {
    let _in_flight = slot.in_flight_slot(ctx).await?;
    let c = slot.client(&ctx.shared).await?;
    let (client, at) = (&c.s3, &*c.addressing);
    match job {
        Job::Upload(j) => upload::run(ctx, client, at, j).await,
        Job::Download(j) => download::run(ctx, client, at, j).await,
        Job::Copy(j) => copy::run(ctx, client, at, j).await,
        Job::Delete(j) => delete::run(ctx, client, at, j).await,
    }
}
