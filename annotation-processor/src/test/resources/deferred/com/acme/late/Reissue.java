package com.acme.late;

import com.acme.generated.Receipt;
import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/** Uses Receipt, which another processor generates in the first round, only as a type argument. */
@Singleton
public class Reissue {
  @FunctionHandler
  public List<Receipt> reissue(List<String> orderIds) {
    return orderIds.stream().map(Receipt::new).toList();
  }
}
