//! s3transfer's other surfaces: the legacy `S3Transfer` (`legacy`) and the `ProcessPoolDownloader`
//! (`processpool`), against the in-process S3 server.

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod legacy;
mod processpool;
