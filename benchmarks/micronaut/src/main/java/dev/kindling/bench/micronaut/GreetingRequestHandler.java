package dev.kindling.bench.micronaut;

import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Variant (c): Micronaut's documented Lambda entry, {@link MicronautRequestHandler}. Its constructor starts the
 * application context and injects this instance. The request and response records are bound with Jackson databind
 * by Micronaut's {@code JsonMapperCustomPojoSerializer}, which the runtime interface client loads through
 * {@code META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer} (the documented way; the
 * client's built-in serializer cannot bind records). Handler string
 * {@code dev.kindling.bench.micronaut.GreetingRequestHandler}.
 */
public class GreetingRequestHandler extends MicronautRequestHandler<GreetingRequest, GreetingResponse> {

  @Inject
  Greeter greeter;

  @Override
  public GreetingResponse execute(GreetingRequest input) {
    return greeter.greet(input);
  }
}
