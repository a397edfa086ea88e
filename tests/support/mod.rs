//! The one test harness: the servers (s3s-fs in-process, the recording wrapper, the fault proxy), the
//! transfer helpers and bounded waits, the sources and sinks that are not files, how a test runs on
//! both engines (one serial lock, one "CRT released" check, `engine_tests!`), and `in_own_process`.
//! Every test binary (`tests/<name>/main.rs`) includes it the same way:
//! `#[macro_use] #[path = "../support/mod.rs"] mod support;`.
#![allow(dead_code, unused_imports, unused_macros)]

#[macro_use]
pub mod engines;
pub use engines::*;
pub mod server;
pub use server::*;
pub mod recording;
pub use recording::*;
pub mod proxy;
pub use proxy::*;
pub mod transfers;
pub use transfers::*;
pub mod sources;
pub use sources::*;
pub mod crt_ops;
#[cfg(feature = "crt")]
pub use crt_ops::*;

pub use s3transfer::{
    CopySource, DownloadTarget, Engine, ExtraArgs, Subscriber, TransferConfig, TransferError, TransferFuture,
    TransferManager, TransferStatus, UploadSource,
};
