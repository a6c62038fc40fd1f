package dev.kindling.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** A handler that cannot be created, as when its configuration is missing at init. */
public final class FailingConstructorHandler implements RequestStreamHandler {

    public FailingConstructorHandler() {
        throw new IllegalStateException("constructor refused");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        throw new AssertionError("never constructed");
    }
}
