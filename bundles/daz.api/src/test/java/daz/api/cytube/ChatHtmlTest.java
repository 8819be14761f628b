package daz.api.cytube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatHtmlTest {

    @Test
    void plainTextStaysAsItIs() {
        assertThat(ChatHtml.toText("hello world")).isEqualTo("hello world");
    }

    @Test
    void theServersEscapesAreUndone() {
        assertThat(ChatHtml.toText("a &lt;b&gt; &amp; c")).isEqualTo("a <b> & c");
        assertThat(ChatHtml.toText("&quot;x&quot; &#39;y&#39; &#40;z&#41;")).isEqualTo("\"x\" 'y' (z)");
        assertThat(ChatHtml.toText("&#x263A; &#128512;")).isEqualTo("\u263a \ud83d\ude00");
    }

    @Test
    void entitiesAreDecodedOnceOnly() {
        assertThat(ChatHtml.toText("&amp;lt;")).isEqualTo("&lt;");
    }

    @Test
    void markupAndLinksBecomeTheirText() {
        assertThat(ChatHtml.toText("<strong>counts</strong> and <em>it</em> <code>x</code> <s>no</s>"))
                .isEqualTo("counts and it x no");
        assertThat(ChatHtml.toText(
                        "see <a href=\"https://x.y/?a=1&amp;b=2\" target=\"_blank\">https://x.y/?a=1&amp;b=2</a>"))
                .isEqualTo("see https://x.y/?a=1&b=2");
        assertThat(ChatHtml.toText("<span class=\"spoiler\">secret</span>")).isEqualTo("secret");
    }

    @Test
    void aCommandSurvivesTheRoundTrip() {
        assertThat(ChatHtml.toText("!say &lt;3 &amp; <strong>hi</strong>")).isEqualTo("!say <3 & hi");
    }

    @Test
    void brokenReferencesAreLeftAlone() {
        assertThat(ChatHtml.toText("a & b &unknown; &#xZZ; &#0; &")).isEqualTo("a & b &unknown; &#xZZ; &#0; &");
        assertThat(ChatHtml.toText("unclosed <tag")).isEqualTo("unclosed <tag");
    }

    @Test
    void unescapeDecodesTheReferencesAndKeepsTheTags() {
        assertThat(ChatHtml.unescape("<em>&lt;b&gt;</em> &amp;amp; &#39;q&#x27; &quot;x&quot; &bogus; & ;"))
                .isEqualTo("<em><b></em> &amp; 'q' \"x\" &bogus; & ;");
        assertThat(ChatHtml.unescape("&#128512; plain")).isEqualTo("\ud83d\ude00 plain");
        assertThat(ChatHtml.unescape("no references <b>here</b>")).isEqualTo("no references <b>here</b>");
    }
}
