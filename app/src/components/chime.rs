//! The queue's chime: two notes through Web Audio, for the screen's calls and a ticket's alerts.

use leptos::prelude::*;

/// Two notes, ding-dong, through Web Audio.
#[cfg(feature = "hydrate")]
pub fn chime() {
    let Ok(ctx) = web_sys::AudioContext::new() else {
        return;
    };
    let start = ctx.current_time();
    for (i, freq) in [880.0f32, 660.0].into_iter().enumerate() {
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
            return;
        };
        osc.frequency().set_value(freq);
        let at = start + i as f64 * 0.35;
        let _ = gain.gain().set_value_at_time(0.0001, at);
        let _ = gain.gain().exponential_ramp_to_value_at_time(0.4, at + 0.02);
        let _ = gain.gain().exponential_ramp_to_value_at_time(0.0001, at + 0.6);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&ctx.destination());
        let _ = osc.start_with_when(at);
        let _ = osc.stop_with_when(at + 0.65);
    }
    // Each chime's context closes once it has played, so days of calls do not pile up.
    let closing = ctx.clone();
    set_timeout(move || drop(closing.close()), std::time::Duration::from_secs(2));
}
