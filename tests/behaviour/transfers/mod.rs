//! Uploads, downloads, copies and deletes on both engines; errors and S3 refusals; cancellation,
//! shutdown and futures; subscribers; config validation.
//!
//! Not covered here (and why): a `Content-Range` that disagrees with the requested range (needs a
//! response-rewriting proxy; unit-tested in the library); S3 Object Lambda ARNs; bandwidth *rate*
//! (timed in `tests/bandwidth.rs`; here only correctness under a limit); memory figures (benchmarks).

mod config;
mod copy_delete;
mod download;
mod errors;
mod failures;
mod lifecycle;
mod subscribers;
mod upload;
