package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.cytube.ConnectionState.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The reconnect scheduler on a fake clock: backoff, cooldown, the per-address limit, stored state. */
class ReconnectSchedulerTest {

    private static final String HOST = "cytu.be:443";

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<ReconnectState> saved = new ArrayList<>();
    private final ConnectionThrottle throttle = new ConnectionThrottle(now::get);
    private final ReconnectScheduler scheduler = new ReconnectScheduler(
            new ReconnectPolicy(10, Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofMinutes(2), () -> 0.5),
            throttle,
            now::get,
            saved::add,
            1000);

    @Test
    void failuresBackOffExponentiallyThenCoolDownAfterTen() {
        assertThat(scheduler.restore(ReconnectState.NONE)).isEqualTo(ReconnectScheduler.Step.now());
        List<Long> delays = new ArrayList<>();
        ReconnectScheduler.Step step = null;
        for (int i = 1; i <= 10; i++) {
            if (step != null) {
                now.addAndGet(step.delayMillis());
            }
            step = scheduler.failed("refused");
            delays.add(step.delayMillis());
        }
        assertThat(delays.subList(0, 5)).containsExactly(750L, 1500L, 3000L, 6000L, 12000L);
        assertThat(step.phase()).isEqualTo(Phase.COOLDOWN);
        assertThat(step.delayMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(step.endsCooldown()).isTrue();
        assertThat(saved).last().extracting(ReconnectState::cooldownUntil).isEqualTo(now.get() + 1_800_000);

        assertThat(scheduler.cooldownOver()).isEqualTo(ReconnectScheduler.Step.now());
        assertThat(scheduler.attempts()).isZero();
    }

    @Test
    void beingInTheChannelForgetsTheFailures() {
        scheduler.failed("a");
        scheduler.failed("b");
        scheduler.ready();
        assertThat(scheduler.attempts()).isZero();
        assertThat(scheduler.failed("c").delayMillis()).isEqualTo(750);
    }

    @Test
    void aStoredCooldownIsHonouredAfterARestart() {
        ReconnectState stored =
                new ReconnectState(10, now.get() + 60_000, now.get() - 1000, Optional.empty(), List.of());
        ReconnectScheduler.Step step = scheduler.restore(stored);
        assertThat(step.phase()).isEqualTo(Phase.COOLDOWN);
        assertThat(step.delayMillis()).isEqualTo(60_000);
        assertThat(scheduler.attempts()).isEqualTo(10);
    }

    @Test
    void storedFailuresKeepTheirBackoffAndAnEndedCooldownStartsAfresh() {
        ReconnectState failures = new ReconnectState(3, 0, now.get() - 1000, Optional.empty(), List.of());
        assertThat(scheduler.restore(failures).delayMillis()).isEqualTo(3000 - 1000);

        ReconnectState cooled = new ReconnectState(10, now.get() - 1, now.get() - 60_000, Optional.empty(), List.of());
        assertThat(scheduler.restore(cooled)).isEqualTo(ReconnectScheduler.Step.now());
        assertThat(scheduler.attempts()).isZero();
    }

    @Test
    void neverMoreThanFiveNewConnectionsToOneAddressInTenSeconds() {
        List<Long> opened = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Optional<ReconnectScheduler.Step> wait = scheduler.throttled(HOST);
            if (wait.isEmpty()) {
                scheduler.connecting(HOST);
                opened.add(now.get());
                now.addAndGet(50);
            } else {
                assertThat(wait.get().phase()).isEqualTo(Phase.WAITING);
                now.addAndGet(wait.get().delayMillis());
            }
        }
        for (int i = 0; i + 5 < opened.size(); i++) {
            assertThat(opened.get(i + 5) - opened.get(i)).isGreaterThanOrEqualTo(10_000);
        }
    }

    @Test
    void connectionsStoredBeforeARestartCountTowardTheLimit() {
        long t = now.get();
        scheduler.restore(new ReconnectState(
                0, 0, t - 100, Optional.of(HOST), List.of(t - 500, t - 400, t - 300, t - 200, t - 100)));
        assertThat(scheduler.throttled(HOST)).isPresent();
    }

    @Test
    void aCooldownReadLateStillHoldsUnlessTheBotIsInTheChannel() {
        scheduler.restore(ReconnectState.NONE);
        ReconnectState stored =
                new ReconnectState(10, now.get() + 60_000, now.get() - 1000, Optional.empty(), List.of());

        assertThat(scheduler.lateRestore(stored, true)).isEmpty();
        assertThat(saved).last().extracting(ReconnectState::cooldownUntil).isEqualTo(0L);

        Optional<ReconnectScheduler.Step> step = scheduler.lateRestore(stored, false);
        assertThat(step).get().extracting(ReconnectScheduler.Step::phase).isEqualTo(Phase.COOLDOWN);
        assertThat(saved).last().extracting(ReconnectState::cooldownUntil).isEqualTo(now.get() + 60_000);
    }

    @Test
    void probesOfAnUnreachableServerComeAboutEverySecondAndCountNoAttempt() {
        scheduler.failed("link lost");
        for (int i = 0; i < 1000; i++) {
            ReconnectScheduler.Step probe = scheduler.unreachable("connection refused", i / 1000.0);
            assertThat(probe.delayMillis()).isBetween(600L, 1000L);
            assertThat(probe.phase()).isEqualTo(Phase.WAITING);
            now.addAndGet(probe.delayMillis());
        }
        assertThat(scheduler.attempts()).isEqualTo(1);
        assertThat(scheduler.failed("refused by the server").delayMillis())
                .as("the backoff goes on from where it was")
                .isEqualTo(1500);
        assertThat(saved).allMatch(s -> s.cooldownUntil() == 0);
    }
}
