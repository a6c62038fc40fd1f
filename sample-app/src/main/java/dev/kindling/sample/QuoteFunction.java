package dev.kindling.sample;

import com.amazonaws.services.lambda.runtime.Context;
import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** A directly invoked pricing function: {@code QuoteFunction_QuoteFunctionHandler}. */
@Singleton
public class QuoteFunction {
  static final BigDecimal TAX_RATE = new BigDecimal("0.20");

  /** What to price. */
  public record QuoteRequest(@NotEmpty List<@Valid OrderLine> lines) {}

  /** The price, with tax. */
  public record Quote(BigDecimal net, BigDecimal tax, BigDecimal gross, String requestId) {}

  @FunctionHandler
  public Quote quote(@Valid QuoteRequest request, Context context) {
    BigDecimal net =
        request.lines().stream()
            .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal tax = net.multiply(TAX_RATE).setScale(2, RoundingMode.HALF_UP);
    return new Quote(net, tax, net.add(tax), context.getAwsRequestId());
  }
}
