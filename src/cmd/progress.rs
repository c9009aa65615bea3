//! The progress bar of long builds.

use std::sync::atomic::{AtomicBool, Ordering};

/// A progress bar on standard error, for builds long enough to want one:
/// it stays hidden for the first second.
pub struct Bar {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: AtomicBool,
}

impl Bar {
    const AFTER: std::time::Duration = std::time::Duration::from_secs(1);

    pub fn new() -> Bar {
        let bar = indicatif::ProgressBar::hidden();
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg:>8} [{bar:32}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Bar {
            bar,
            started: std::time::Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    fn reveal(&self) {
        if self.started.elapsed() >= Self::AFTER && !self.shown.swap(true, Ordering::SeqCst) {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

impl briefing::Progress for Bar {
    fn begin(&self, stage: &'static str, total: usize) {
        self.bar.set_message(stage);
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.reveal();
    }

    fn step(&self) {
        self.bar.inc(1);
        if !self.shown.load(Ordering::Relaxed) {
            self.reveal();
        }
    }

    fn end(&self) {
        self.bar.finish_and_clear();
    }
}
