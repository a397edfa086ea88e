//! Progress bars for `s3t`: one per file in flight and one for the total, with rate and ETA, driven by
//! the transfers' subscriber events. Hidden with `--quiet` or when stderr is not a terminal.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use s3transfer::{Subscriber, TransferFuture, TransferStatus};

/// The bars of one `s3t` command, and its per-file "done" lines on stdout.
pub struct Progress {
    multi: MultiProgress,
    total: ProgressBar,
    files: Mutex<HashMap<u64, ProgressBar>>,
    quiet: bool,
}

impl Progress {
    /// Bars drawn on stderr unless `quiet` or stderr is not a terminal.
    pub fn new(quiet: bool) -> Arc<Self> {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let multi = MultiProgress::with_draw_target(target);
        let total = multi.add(ProgressBar::new(0));
        total.set_style(
            ProgressStyle::with_template(
                "{prefix:>5} [{bar:30}] {bytes:>10}/{total_bytes:<10} {binary_bytes_per_sec:>12} ETA {eta} ({msg})",
            )
            .expect("template")
            .progress_chars("=> "),
        );
        total.set_prefix("total");
        total.set_message("0 files");
        Arc::new(Self { multi, total, files: Mutex::new(HashMap::new()), quiet })
    }

    /// Prints a line above the bars (stdout), unless quiet.
    pub fn println(&self, line: &str) {
        if !self.quiet {
            self.multi.suspend(|| println!("{line}"));
        }
    }

    /// Prints an error line above the bars (stderr), always.
    pub fn eprintln(&self, line: &str) {
        self.multi.suspend(|| eprintln!("{line}"));
    }

    /// Removes every bar.
    pub fn finish(&self) {
        for (_, bar) in self.files.lock().unwrap().drain() {
            bar.finish_and_clear();
        }
        self.total.finish_and_clear();
        let _ = self.multi.clear();
    }

    fn file_bar(&self, future: &TransferFuture) -> ProgressBar {
        let id = future.meta().transfer_id();
        let mut files = self.files.lock().unwrap();
        if let Some(bar) = files.get(&id) {
            if bar.length() == Some(0) {
                if let Some(size) = future.meta().size() {
                    bar.set_length(size);
                    self.total.inc_length(size);
                }
            }
            return bar.clone();
        }
        let size = future.meta().size().unwrap_or(0);
        self.total.inc_length(size);
        let bar = self.multi.insert_before(&self.total, ProgressBar::new(size));
        bar.set_style(
            ProgressStyle::with_template(
                "{wide_msg} [{bar:20}] {bytes:>10}/{total_bytes:<10} {binary_bytes_per_sec:>12} ETA {eta}",
            )
            .expect("template")
            .progress_chars("=> "),
        );
        let call = future.meta().call_args();
        bar.set_message(call.key.clone());
        files.insert(id, bar.clone());
        bar
    }
}

/// The line printed for a finished transfer (by the command, once `wait()` returned: `on_done` may
/// still be running then, so it cannot be the one to print).
pub fn done_line(future: &TransferFuture) -> String {
    let call = future.meta().call_args();
    let dest = s3_url(&call.bucket, &call.key);
    match call.operation {
        "upload" => format!("upload: {} to {dest}", call.fileobj.as_deref().unwrap_or("?")),
        "download" => format!("download: {dest} to {}", call.fileobj.as_deref().unwrap_or("?")),
        "copy" => {
            let src = call.copy_source.as_ref().map(|s| s3_url(&s.bucket, &s.key)).unwrap_or_default();
            format!("copy: {src} to {dest}")
        }
        "delete" => format!("delete: {dest}"),
        other => format!("{other}: {dest}"),
    }
}

/// `s3://bucket/key`.
pub fn s3_url(bucket: &str, key: &str) -> String {
    format!("s3://{bucket}/{key}")
}

impl Subscriber for Progress {
    fn on_queued(&self, future: &TransferFuture) {
        if future.meta().call_args().operation != "delete" {
            self.file_bar(future);
        }
    }

    fn on_progress(&self, future: &TransferFuture, bytes: i64) {
        let bar = self.file_bar(future);
        if bytes >= 0 {
            bar.inc(bytes as u64);
            self.total.inc(bytes as u64);
        } else {
            // A retried range is undone before it is fetched again.
            bar.set_position(bar.position().saturating_sub(bytes.unsigned_abs()));
            self.total.set_position(self.total.position().saturating_sub(bytes.unsigned_abs()));
        }
    }

    fn on_done(&self, future: &TransferFuture) {
        if let Some(bar) = self.files.lock().unwrap().remove(&future.meta().transfer_id()) {
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        if future.status() != TransferStatus::Success {
            return; // failures are reported by the command, with their error
        }
        let done = self.total.message().split(' ').next().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0) + 1;
        self.total.set_message(format!("{done} files"));
    }
}
