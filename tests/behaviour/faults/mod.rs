//! The fault matrix: every case runs on both engines against the real in-process s3s-fs server, with
//! faults injected by the recording server (S3 errors per operation), a byte-level proxy (cut,
//! reset, stalled and killed connections) or the local file system (a full tmpfs, a read-only or
//! impossible destination).
//!
//! For every case the test asserts what a user relies on: the destination file is complete and
//! verified or absent (and no temp file is left next to it), no multipart upload is left open on the
//! server, and the error is the documented one (variant and `is_cancelled` / `http_status` /
//! `s3_code`). Where the engines differ for a good reason the case says so and checks `engine`. Not
//! here: multi-GiB transfers (the memory figures come from `examples/bench`).

mod bad_input;
mod broken_connections;
mod cancel;
mod killed;
mod local_disk;
mod replaced_object;
mod service_errors;
mod stalled;
