//! The safe CRT wrappers (`s3transfer::crt`) on their own, against the real in-process S3 server
//! (s3s-fs, SigV4 checked): meta-requests of every kind and their failures, cancellation, callback
//! panics (`wrappers`); every CRT allocation released (`alloc`); the CRT's log lines reaching
//! `tracing` (`logging`).
#![cfg(feature = "crt")]

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod alloc;
mod logging;
mod wrappers;
