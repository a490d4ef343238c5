package dev.tether.console.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;

public class CsrfCheckTest {

    @Test
    public void readsAndRequestsWithoutABrowserOriginPass() {
        assertEquals(Optional.empty(), CsrfCheck.check("GET", "http://evil.example", "127.0.0.1:8181", null));
        assertEquals(Optional.empty(), CsrfCheck.check("PUT", null, "127.0.0.1:8181", null));
    }

    @Test
    public void aChangeFromAnotherOriginIsRefusedEvenWithTheHeader() {
        assertTrue(CsrfCheck.check("DELETE", "http://evil.example", "127.0.0.1:8181", "x").isPresent());
        assertTrue(CsrfCheck.check("POST", "http://127.0.0.1:9999", "127.0.0.1:8181", "x").isPresent());
        assertTrue(CsrfCheck.check("POST", "null", "127.0.0.1:8181", "x").isPresent());
    }

    @Test
    public void aChangeFromTheGatewaysOwnPageNeedsTheHeader() {
        assertTrue(CsrfCheck.check("PUT", "http://127.0.0.1:8181", "127.0.0.1:8181", null).isPresent());
        assertEquals(Optional.empty(), CsrfCheck.check("PUT", "http://127.0.0.1:8181", "127.0.0.1:8181", "console"));
    }
}
