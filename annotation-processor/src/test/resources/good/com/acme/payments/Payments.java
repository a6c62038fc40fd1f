package com.acme.payments;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kindling.annotation.DynamoDbStreamHandler;
import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.KinesisHandler;
import dev.kindling.annotation.SqsHandler;
import dev.kindling.runtime.DynamoDbChange;
import dev.kindling.runtime.RecordContext;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.util.Map;

@Singleton
public class Payments {
  public record Customer(String id, String region) {}

  public record Charge(Customer customer, String orderId, BigDecimal amount) {}

  public record Receipt(String chargeId) {}

  public record Refund(String orderId, BigDecimal amount) {}

  public static class Ledger {
    private String account;

    public String getAccount() {
      return account;
    }

    public void setAccount(String account) {
      this.account = account;
    }
  }

  @SqsHandler(queue = "charges", maxReceiveCount = 5)
  @Idempotent(key = {"customer.id", "orderId"}, expiry = "PT24H")
  public void charge(@Valid Charge charge, RecordContext record) {}

  @SqsHandler(queue = "charges.fifo", fifo = true, batchSize = 10)
  @Idempotent
  public void chargeInOrder(Charge charge) {}

  @SqsHandler(queue = "audit", parallel = true, batchSize = 100, maxBatchingWindowSeconds = 5)
  public void audit(String body, Context context) {}

  @SqsHandler(queue = "settlements.fifo", fifo = true, maxReceiveCount = 3, deadLetterUnprocessable = true)
  public void settleInOrder(@Valid Charge charge, RecordContext record) {}

  @SqsHandler(queue = "refunds", parallel = true, deadLetterUnprocessable = true)
  public void refundAll(Refund refund) {}

  @SqsHandler(queue = "raw")
  @Idempotent
  public void raw(SQSEvent.SQSMessage message) {}

  @SqsHandler(queue = "raw-unchecked")
  @Idempotent(payloadValidation = false)
  public void rawUnchecked(SQSEvent.SQSMessage message) {}

  @KinesisHandler(stream = "clicks", startingPosition = "TRIM_HORIZON", maxRetryAttempts = -1)
  public void click(byte[] data, RecordContext record) {}

  @KinesisHandler(stream = "raw-clicks")
  public void rawClick(KinesisEvent.KinesisEventRecord record) {}

  @DynamoDbStreamHandler(table = "ledgers", bisectOnError = false)
  public void ledgerChanged(DynamoDbChange<Map<String, Object>> change) {}

  @DynamoDbStreamHandler(table = "accounts")
  public void accountChanged(@Valid Ledger ledger) {}

  @HttpRoute(method = "POST", path = "/refunds", status = 202)
  @Idempotent(keyOptional = true)
  public Receipt refund(Refund refund) {
    return new Receipt("r-" + refund.orderId());
  }

  @HttpRoute(method = "PUT", path = "/ledgers/{account}")
  @Idempotent(key = "account")
  public void saveLedger(@dev.kindling.annotation.PathParam String account, Ledger ledger) {}

  @HttpRoute(method = "POST", path = "/accounts/{account}/charges", status = 201)
  @Idempotent(perCaller = true)
  public Receipt chargeAccount(@dev.kindling.annotation.PathParam String account, Charge charge) {
    return new Receipt("c-" + account);
  }

  @HttpRoute(method = "POST", path = "/accounts/{account}/refunds", status = 202)
  @Idempotent(key = "orderId", perCaller = true)
  public Receipt refundAccount(@dev.kindling.annotation.PathParam String account, Refund refund) {
    return new Receipt("r-" + account);
  }

  @FunctionHandler
  @Idempotent(key = "orderId", payloadValidation = false)
  public Receipt quote(Charge charge) {
    return new Receipt("q-" + charge.orderId());
  }

  @FunctionHandler
  @Idempotent
  public void settle(Refund refund, Context context) {}
}
