//! The C API as a C program uses it: `include/s3transfer.h` is what cbindgen makes of the sources
//! (`header`), and C programs compiled with gcc against the static library run transfers against the
//! in-process S3 server, also under valgrind (`example`).

#[macro_use]
#[path = "../support/mod.rs"]
mod support;

mod example;
mod header;
