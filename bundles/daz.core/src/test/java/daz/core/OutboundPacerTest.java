package daz.core;

import static org.assertj.core.api.Assertions.assertThat;

import daz.api.cytube.FloodLimit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutboundPacerTest {

    /** CyTube's limiter (utilities.js newRateLimiter), to check the pacer against: true = dropped. */
    static final class ServerLimiter {
        private int count;
        private long lastTime;

        boolean throttle(long now, FloodLimit limit) {
            if (lastTime < now - (long) (limit.cooldownSeconds() * 1000)) {
                count = 1;
                lastTime = now;
                return false;
            }
            if (count < limit.burst()) {
                count++;
                lastTime = now;
                return false;
            }
            if (now - lastTime < limit.intervalMillis()) {
                return true;
            }
            lastTime = now;
            return false;
        }
    }

    private final OutboundPacer pacer = new OutboundPacer(0.15, 500);

    @Test
    void aBurstOf20GoesAtOnceThenTenASecond() {
        long now = 1_000_000;
        for (int i = 0; i < 20; i++) {
            assertThat(pacer.nextSendAt(now, FloodLimit.PER_USER, 1)).isEqualTo(now);
            pacer.sent(now, FloodLimit.PER_USER, 1);
        }
        long next = pacer.nextSendAt(now, FloodLimit.PER_USER, 1);
        assertThat(next - now).isEqualTo(115);
    }

    @Test
    void quietLongerThanTheCooldownRestoresTheBurst() {
        long now = 0;
        for (int i = 0; i < 25; i++) {
            now = pacer.nextSendAt(now, FloodLimit.PER_USER, 1);
            pacer.sent(now, FloodLimit.PER_USER, 1);
        }
        long later = now + 2000 + 500 + 1;
        for (int i = 0; i < 20; i++) {
            assertThat(pacer.nextSendAt(later, FloodLimit.PER_USER, 1)).isEqualTo(later);
            pacer.sent(later, FloodLimit.PER_USER, 1);
        }
    }

    @Test
    void twoHundredLinesAtOnceAreNeverDroppedByTheServerEvenWithJitter() {
        for (FloodLimit limit : new FloodLimit[] {FloodLimit.PER_USER, FloodLimit.ANTIFLOOD_DEFAULT}) {
            OutboundPacer p = new OutboundPacer(0.15, 500);
            ServerLimiter server = new ServerLimiter();
            Random random = new Random(7);
            long now = 5_000;
            long lastArrival = 0;
            for (int i = 0; i < 200; i++) {
                now = p.nextSendAt(now, limit, 1);
                p.sent(now, limit, 1);
                // arrival: latency 20-30 ms (TCP keeps order)
                long arrival = Math.max(lastArrival, now + 20 + random.nextInt(11));
                lastArrival = arrival;
                assertThat(server.throttle(arrival, limit))
                        .as("line %d under %s", i, limit)
                        .isFalse();
            }
            assertThat(now - 5_000)
                    .as("200 lines take about the time the limit dictates")
                    .isLessThan((long) ((200 - limit.burst()) * limit.intervalMillis() * 1.2));
        }
    }

    @Test
    void aMeCommandAfterTheBurstWaitsForAFreshBurst() {
        long now = 0;
        for (int i = 0; i < 20; i++) {
            pacer.sent(now, FloodLimit.PER_USER, 1);
        }
        long at = pacer.nextSendAt(now, FloodLimit.PER_USER, 2);
        assertThat(at).isGreaterThan(now + 2000 + 500);
        ServerLimiter server = new ServerLimiter();
        for (int i = 0; i < 20; i++) {
            server.throttle(0, FloodLimit.PER_USER);
        }
        assertThat(server.throttle(at, FloodLimit.PER_USER)).isFalse();
        assertThat(server.throttle(at, FloodLimit.PER_USER))
                .as("the command's second pass")
                .isFalse();
    }

    @Test
    void anEchoLaterThanTheSendMovesTheIntervalsStart() {
        long now = 0;
        for (int i = 0; i < 20; i++) {
            pacer.sent(now, FloodLimit.PER_USER, 1);
        }
        assertThat(pacer.sustained(now, FloodLimit.PER_USER, 1)).isTrue();
        pacer.echoed(80);
        assertThat(pacer.nextSendAt(100, FloodLimit.PER_USER, 1)).isEqualTo(80 + 115);
        pacer.echoed(10);
        assertThat(pacer.nextSendAt(100, FloodLimit.PER_USER, 1))
                .as("an earlier echo changes nothing")
                .isEqualTo(195);
    }

    @Test
    void weightsCountCommandsTheServerThrottlesTwice() {
        assertThat(OutboundPacer.weightOf("/me waves")).isEqualTo(2);
        assertThat(OutboundPacer.weightOf("/sp x")).isEqualTo(2);
        assertThat(OutboundPacer.weightOf("/afk")).isEqualTo(1);
        assertThat(OutboundPacer.weightOf("hello /me")).isEqualTo(1);
    }

    @Test
    void aServerCooldownPushesTheNextLineBack() {
        long now = 0;
        pacer.sent(now, FloodLimit.PER_USER, 1);
        pacer.serverCooldown(now, 1000, FloodLimit.PER_USER);
        assertThat(pacer.nextSendAt(now, FloodLimit.PER_USER, 1)).isGreaterThanOrEqualTo(1000 + 100);
    }
}
