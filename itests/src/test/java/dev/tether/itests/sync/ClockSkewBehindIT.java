package dev.tether.itests.sync;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** {@link ClockSkewScenario} with the gateway's clock 50 years behind the cloud's (a device without a real-time clock). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClockSkewBehindIT extends ClockSkewScenario {

    @Override
    protected long clockOffsetMillis() {
        return -50 * YEAR_MILLIS;
    }

    @Override
    protected String device() {
        return "skew-behind-gateway-21";
    }

    @Override
    protected String expectedLwwWinner() {
        return "cloud";
    }
}
