package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatPathWarmupTest {

    @Test
    void runsEveryRoundOnItsMadeUpFramesWithinTheBudget() {
        ChatPathWarmup warmup = new ChatPathWarmup(40, Long.MAX_VALUE);
        warmup.run();
        // a round that threw (a made-up frame the codec or translator no longer takes) would stop it early
        assertThat(warmup.rounds()).isEqualTo(40);
    }

    @Test
    void stopsWhenItsCpuBudgetIsSpent() {
        ChatPathWarmup warmup = new ChatPathWarmup(1_000_000, 1);
        warmup.run();
        assertThat(warmup.rounds()).isLessThan(1_000_000);
    }
}
