//! The behaviour suite: the `TransferManager` against real S3 implementations on 127.0.0.1, on both
//! engines.
//!
//! Every behaviour test is a function `fn name(engine: Engine)` written once and registered beside
//! its definition with `engine_tests!`, which makes `classic::name` and `crt::name` (the entry says
//! so when the CRT run differs, and why). A test that is not registered is dead code, which this
//! suite denies (in the default build; without the CRT the CRT-only variants go unused).
//!
//! What the tests assert is what a user would check: the bytes stored or written, that an object or
//! file exists or not, the documented error, that no multipart upload is left open and no temp file
//! is left beside a destination, and, on CRT runs, that every CRT callback state was reclaimed.
//! Every wait is bounded (`support::WAIT`).
//!
//! Servers (`tests/support/`): `TestServer` (s3s-fs); `RecordingServer` (the same, plus a log of every
//! request's headers, injected S3 errors per operation, optional S3-like `If-Match`); `FaultProxy` (a
//! byte-level proxy that cuts, resets, stalls or delays responses).
//!
//! * `transfers`: uploads, downloads, copies, deletes, errors, lifecycle, subscribers, config;
//! * `faults`: the fault matrix (service errors, broken and stalled connections, killed servers,
//!   replaced objects, full and read-only disks, cancellation, bad input);
//! * `directory`, `checksums`: directory transfers and end-to-end download checksums;
//! * `crt_engine`: what only the CRT engine has (its client's configuration and credentials);
//! * `close`: `TransferManager::close` leaves no thread behind;
//! * `harness`: the servers and the proxy themselves.
#![cfg_attr(feature = "crt", deny(dead_code))]
#![cfg_attr(not(feature = "crt"), allow(dead_code))]

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod checksums;
mod close;
#[cfg(feature = "crt")]
mod crt_engine;
mod directory;
mod faults;
mod harness;
mod transfers;
