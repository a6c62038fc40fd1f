package dev.kindling.sample;

import com.amazonaws.services.lambda.runtime.Context;
import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** A directly invoked pricing function: {@code QuoteFunction_QuoteFunctionHandler}. */
@Singleton
public class QuoteFunction {
  static final BigDecimal TAX_RATE = new BigDecimal("0.20");
  static final Duration VALIDITY = Duration.ofMinutes(15);

  /** What to price, at the prices of {@code pricedOn} (today, UTC, when absent). */
  public record QuoteRequest(@NotEmpty List<@Valid OrderLine> lines, LocalDate pricedOn) {}

  /** The price, with tax; dates and durations travel as ISO-8601 text ({@code "PT15M"}). */
  public record Quote(
      BigDecimal net, BigDecimal tax, BigDecimal gross, LocalDate pricedOn, Duration validFor, String requestId) {}

  @FunctionHandler
  public Quote quote(@Valid QuoteRequest request, Context context) {
    BigDecimal net =
        request.lines().stream()
            .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal tax = net.multiply(TAX_RATE).setScale(2, RoundingMode.HALF_UP);
    LocalDate pricedOn = request.pricedOn() != null ? request.pricedOn() : LocalDate.now(ZoneOffset.UTC);
    return new Quote(net, tax, net.add(tax), pricedOn, VALIDITY, context.getAwsRequestId());
  }
}
