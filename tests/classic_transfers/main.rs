//! Behaviour suite of the TransferManager against the real in-process s3s-fs server.
//!
//! Every behaviour test is a function `fn name(engine: Engine)` in one of the modules below, written
//! once and instantiated per engine by [`engine_tests!`]: `cargo nextest run --test classic_transfers`
//! runs `classic::name` for each. The CRT engine joins by adding one line (`crt => Engine::Crt`) to the
//! invocation at the bottom; where engines must differ, the test says so and checks
//! `engine == Engine::Classic`.
//!
//! What the tests assert is what a user would check: the bytes stored or written, that an object or
//! file exists or not, the documented error, and that no multipart upload is left open
//! (`open_multipart_uploads()`). Every wait is bounded (see `common::WAIT`).
//!
//! Servers: `TestServer` (plain s3s-fs); `RecordingServer` (the same, plus a log of every request's
//! headers, injected S3 errors per operation, and optional S3-like `If-Match` on GET); `FaultProxy` (a
//! byte-level proxy that cuts response bodies, throttles, or delays responses). See `tests/support/`.
//!
//! For the CRT line (issue 4): several tests use what only the classic engine can run (non-seekable or
//! in-memory sources of unknown size, writer/FIFO targets, `source_client`, provided
//! size/ETag, stream read-ahead bounds). Under `Engine::Crt` the manager must run those on the classic
//! engine or refuse them with a clear error, as issue 4 specifies; such a test then asserts that choice
//! (`meta().engine()`) instead of the transfer. Request-shape checks (GET counts, ranges, retries
//! counted by the proxy) are already guarded by `engine == Engine::Classic`.
//!
//! Not covered here (and why): a `Content-Range` that disagrees with the requested range (needs a
//! response-rewriting proxy; unit-tested in the library); S3 Object Lambda ARNs and legacy/process-pool
//! APIs (not part of this crate's manager); bandwidth *rate* (timed in tests/bandwidth.rs; here only
//! correctness under a limit is tested); dropping a `TransferManager` with transfers in flight (no
//! contract yet); memory/RSS figures (benchmarks).

#[path = "../support/mod.rs"]
mod support;

mod common;
mod copy_delete;
mod download;
mod errors;
mod failures;
mod lifecycle;
mod subscribers;
mod upload;

/// Instantiates every behaviour test for each `module_name => Engine::X` pair.
macro_rules! engine_tests {
    ($($engine_mod:ident => $engine:expr),+ $(,)?) => {
        $(
            mod $engine_mod {
                engine_tests!(@each $engine;
                    // Uploads
                    upload::upload_empty_file,
                    upload::upload_below_threshold_is_single_put,
                    upload::upload_at_threshold_is_one_part_multipart,
                    upload::upload_above_threshold_is_two_parts,
                    upload::upload_multipart_three_parts,
                    upload::complete_lists_every_part_with_its_checksum,
                    upload::upload_small_chunksize_is_raised_to_5mib,
                    upload::upload_part_size_doubles_for_10000_parts,
                    upload::upload_from_seekable_reader_starts_at_current_position,
                    upload::upload_from_nonseekable_reader,
                    upload::upload_from_blocking_reader_socket,
                    upload::upload_from_bytes,
                    upload::upload_key_with_special_characters,
                    upload::upload_checksum_default_crc32_and_when_required,
                    upload::upload_source_error_aborts_multipart,
                    upload::upload_stream_with_one_in_memory_chunk,
                    upload::upload_stream_read_ahead_is_bounded,
                    // Downloads
                    download::download_empty_object,
                    download::download_below_threshold_single_get,
                    download::download_at_threshold_ranged,
                    download::download_above_threshold_two_ranges,
                    download::download_multipart_many_ranges,
                    download::download_tiny_chunksize_not_clamped,
                    download::download_to_seekable_writer,
                    download::download_to_nonseekable_writer,
                    download::download_to_blocking_writer_socket,
                    download::download_retries_cut_body_to_file,
                    download::download_retries_cut_body_to_nonseekable_writer,
                    download::download_retries_exhausted,
                    download::download_replaces_existing_file,
                    download::download_failure_keeps_existing_file,
                    download::download_into_missing_directory_fails,
                    download::download_with_known_size_and_etag_skips_head,
                    download::download_with_known_size_only_still_heads,
                    download::download_to_seekable_writer_ignores_its_position,
                    download::download_to_fifo_writes_in_place,
                    download::download_writer_error_fails_transfer,
                    download::download_onto_directory_fails,
                    download::download_object_replaced_mid_download,
                    download::download_object_changed_precondition_failed,
                    download::download_with_checksum_mode_enabled,
                    download::ranged_download_checks_the_full_object_checksum,
                    download::ranged_download_checks_the_full_object_checksum_of_a_multipart_object,
                    download::transfers_with_bandwidth_limit,
                    download::download_size_and_etag_from_on_queued_skip_head,
                    download::download_to_longest_file_name,
                    download::download_to_stalled_writer_is_bounded,
                    download::download_destination_appears_only_when_complete,
                    download::download_without_etag,
                    // Errors
                    errors::upload_missing_file_fails_with_path,
                    errors::disallowed_extra_arg_is_refused_synchronously,
                    errors::allowed_extra_args_reach_the_server,
                    errors::sse_c_headers_reach_every_request,
                    errors::sse_c_headers_reach_every_copy_request,
                    errors::extra_args_routing_multipart_upload_and_copy,
                    errors::download_missing_key_is_404,
                    errors::copy_missing_source_is_404,
                    errors::wrong_credentials_are_refused,
                    errors::version_and_payer_args_reach_every_request,
                    // S3 refusing requests
                    failures::upload_part_failure_aborts_multipart_upload,
                    failures::upload_complete_failure_aborts_multipart_upload,
                    failures::upload_create_failure_sends_no_parts,
                    failures::upload_put_failure_reports_error,
                    failures::transient_slowdown_is_retried_without_double_counting,
                    failures::download_get_failure_leaves_nothing,
                    failures::download_get_403_is_not_retried,
                    failures::nothing_is_sent_after_a_failed_upload,
                    failures::nothing_is_sent_after_a_failed_download,
                    failures::nothing_is_sent_after_a_failed_copy,
                    failures::copy_part_failure_aborts_multipart_copy,
                    // Copy and delete
                    copy_delete::copy_below_threshold_single_request,
                    copy_delete::copy_above_threshold_multipart,
                    copy_delete::copy_adds_no_checksum_and_routes_source_conditions,
                    copy_delete::delete_removes_object,
                    copy_delete::copy_metadata_single_and_multipart,
                    copy_delete::copy_uses_source_client_for_head,
                    copy_delete::copy_empty_object,
                    copy_delete::copy_pinned_to_source_etag,
                    copy_delete::copy_without_source_etag,
                    // Cancel, shutdown, futures
                    lifecycle::cancel_multipart_upload_from_stream,
                    lifecycle::cancel_multipart_upload_from_file,
                    lifecycle::cancel_download_in_flight,
                    lifecycle::shutdown_without_cancel_waits_for_transfers,
                    lifecycle::shutdown_without_cancel_outlives_a_failed_transfer,
                    lifecycle::shutdown_with_cancel_cancels_transfers,
                    lifecycle::shutdown_fatal_cancels_with_fatal_error,
                    lifecycle::shutdown_with_cancel_many_transfers,
                    lifecycle::future_result_await_and_done,
                    lifecycle::result_timeout_on_slow_transfer,
                    lifecycle::cancel_immediately_after_start,
                    lifecycle::cancel_while_create_multipart_upload_in_flight,
                    lifecycle::many_small_transfers_in_parallel,
                    lifecycle::dropped_future_transfer_still_completes,
                    lifecycle::large_file_round_trip,
                    lifecycle::concurrent_submissions_get_unique_ids,
                    // Subscribers
                    subscribers::subscriber_events_for_every_operation,
                    subscribers::panicking_progress_subscriber_fails_transfer,
                    subscribers::panicking_queued_or_done_subscriber,
                    subscribers::on_queued_provides_size_of_stream,
                );
            }
        )+
    };
    (@each $engine:expr; $($module:ident :: $name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                crate::crt_parity::run($engine, stringify!($name), || crate::$module::$name($engine))
            }
        )+
    };
}

engine_tests! {
    classic => s3transfer::Engine::Classic,
}

// The CRT engine runs the same suite (tests that must differ say so, see `crt_parity`).
#[cfg(feature = "crt")]
engine_tests! {
    crt => s3transfer::Engine::Crt,
}

mod crt_parity;

mod config;
