package daz.shell.remote;

import java.util.concurrent.CountDownLatch;

/** Commands registered in a real Gogo command processor for the tests, under the scope {@code test}. */
public class TestCommands {

    final CountDownLatch hanging = new CountDownLatch(1);
    volatile Runnable stopShell = () -> {};

    public String hello(String name) {
        return "hello " + name;
    }

    public void boom() {
        throw new IllegalStateException("boom!");
    }

    public void shout() {
        System.out.println("shouted through System.out");
    }

    public void whisper() {
        System.err.println("whispered through System.err");
    }

    public void hang() throws InterruptedException {
        hanging.countDown();
        new CountDownLatch(1).await();
    }

    /** As {@code update <daz.shell>} does: the server deactivates on the command's own thread. */
    public String stopshell() {
        stopShell.run();
        return "still running, interrupted: " + Thread.currentThread().isInterrupted();
    }
}
