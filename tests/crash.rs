//! A build killed while writing leaves the previous site as it was, and the
//! next build clears what the killed one left behind.

mod common;

use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn killed_mid_write_leaves_the_old_site() {
    let dir = fixture("minimal");
    let root = dir.path();
    assert!(briefing(root, &["build"]).ok());
    let mut before = snapshot(&root.join("public"));
    let mut caught = false;
    for round in 0..6 {
        grow(root, 400 * (round + 1));
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["build", "--quiet"])
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the staging folder holds some pages, then SIGKILL.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(staging) = staging_dirs(root).first() {
                let written = walkdir::WalkDir::new(staging)
                    .into_iter()
                    .filter_map(Result::ok)
                    .count();
                if written > 20 {
                    break;
                }
            }
            if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        if finished {
            // Too quick to catch: the build completed. Grow and try again.
            let public = snapshot(&root.join("public"));
            assert!(
                public.len() > before.len(),
                "a finished build wrote the new site"
            );
            before = public;
            continue;
        }
        caught = true;
        assert_eq!(
            before,
            snapshot(&root.join("public")),
            "the old site changed under a killed build"
        );
        assert!(
            !staging_dirs(root).is_empty(),
            "the killed build left its staging folder"
        );
        break;
    }
    assert!(caught, "no build could be caught mid-write");
    // The next build clears the leftovers and writes the new site.
    let run = briefing(root, &["build", "--quiet"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(staging_dirs(root).is_empty(), "leftovers remain");
    assert!(root.join("public/sources/copy-0000/index.html").is_file());
}
