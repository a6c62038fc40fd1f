package dev.kindling.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** A handler whose initialisation never finishes in time, as when a dependency it connects to hangs. */
public final class SlowInitHandler implements RequestStreamHandler {

    public SlowInitHandler() throws InterruptedException {
        Thread.sleep(120_000);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new AssertionError("never initialised in time");
    }
}
