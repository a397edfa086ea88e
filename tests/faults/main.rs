//! The fault matrix (issue 8): every case runs on both engines against the real in-process s3s-fs
//! server, with faults injected by the recording server (S3 errors per operation), a byte-level proxy
//! (cut, reset, stalled and killed connections) or the local file system (a full tmpfs, a read-only or
//! impossible destination).
//!
//! Each case is a function `fn name(engine: Engine)` written once and instantiated per engine by
//! [`engine_tests!`] (`classic::name`, `crt::name`). For every case the test asserts what a user relies
//! on: the destination file is complete and verified or absent (and no temp file is left next to it),
//! no multipart upload is left open on the server, the error is the documented one (variant and
//! `is_cancelled` / `http_status` / `s3_code`), and on CRT runs [`s3transfer::crt::live_callback_states`]
//! is back to zero once the case (and its manager) is gone. Where the engines differ for a good reason
//! the case says so and checks `engine`.
//!
//! Every wait is bounded (`common::WAIT`), and nextest bounds every test (`.config/nextest.toml`).
//! Not here: `../` keys on directory download (another issue), multi-GiB transfers (the RSS figures
//! come from `examples/bench`).

#[path = "../support/mod.rs"]
mod support;

mod common;

mod bad_input;
mod broken_connections;
mod cancel;
mod killed;
mod local_disk;
mod replaced_object;
mod service_errors;
mod stalled;

/// Instantiates every case for each `module_name => Engine::X` pair.
macro_rules! engine_tests {
    ($($engine_mod:ident => $engine:expr),+ $(,)?) => {
        $(
            mod $engine_mod {
                engine_tests!(@each $engine;
                    service_errors::slowdown_burst_on_parts_is_retried,
                    service_errors::retries_outlast_a_quota_drained_by_another_client,
                    service_errors::internal_error_on_one_part_is_retried,
                    service_errors::slowdown_burst_on_ranged_gets_is_retried,
                    service_errors::part_retries_exhausted_is_a_clear_error,
                    service_errors::get_retries_exhausted_is_a_clear_error,
                    service_errors::complete_multipart_upload_500,
                    broken_connections::download_reset_mid_body_is_retried,
                    broken_connections::download_truncated_body_is_retried,
                    broken_connections::download_always_truncated_fails,
                    broken_connections::upload_part_reset_mid_body_is_retried,
                    broken_connections::upload_part_truncated_body_is_retried,
                    broken_connections::upload_part_always_cut_fails,
                    stalled::stalled_download_fails_within_bound,
                    stalled::stalled_upload_fails_within_bound,
                    killed::proxy_killed_mid_download,
                    killed::proxy_killed_mid_upload,
                    killed::server_killed_mid_download,
                    killed::server_killed_mid_upload,
                    replaced_object::object_replaced_between_ranged_gets_fails,
                    local_disk::full_destination_disk,
                    local_disk::destination_under_a_regular_file,
                    local_disk::read_only_destination_directory,
                    cancel::cancel_many_concurrent_transfers,
                    cancel::shutdown_cancel_many_concurrent_transfers,
                    cancel::cancel_waits_for_parts_the_server_has,
                    bad_input::disallowed_extra_args,
                    bad_input::invalid_bucket_names,
                    bad_input::empty_key,
                    bad_input::over_long_key,
                    bad_input::missing_source,
                    bad_input::unreadable_source,
                    bad_input::wrong_credentials,
                );
            }
        )+
    };
    (@each $engine:expr; $($module:ident :: $name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                crate::common::run($engine, || crate::$module::$name($engine))
            }
        )+
    };
}

engine_tests! {
    classic => s3transfer::Engine::Classic,
}

#[cfg(feature = "crt")]
engine_tests! {
    crt => s3transfer::Engine::Crt,
}
