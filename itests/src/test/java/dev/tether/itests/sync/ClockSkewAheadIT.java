package dev.tether.itests.sync;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** {@link ClockSkewScenario} with the gateway's clock 5 years ahead of the cloud's. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClockSkewAheadIT extends ClockSkewScenario {

    @Override
    protected long clockOffsetMillis() {
        return 5 * YEAR_MILLIS;
    }

    @Override
    protected String device() {
        return "skew-ahead-gateway-22";
    }

    @Override
    protected String expectedLwwWinner() {
        return "device";
    }
}
