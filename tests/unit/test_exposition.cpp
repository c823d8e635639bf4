// What `juxtactl metrics serve` answers (metrics/exposition.h): one HELP and TYPE a family, a line a
// series with its labels, and label values escaped so that a name cannot add a line or a label.
#include <QTest>

#include "metrics/exposition.h"

using namespace juxta;
using metrics::ExposedInstance;

class TestExposition : public QObject {
    Q_OBJECT
  private slots:
    void seriesAndLabels() {
        MetricSample s;
        s.timeMs = 1;
        s.cpuPercent = 25;  // of a 4-core host: one core
        s.memoryUsed = 1048576;
        s.memoryTotal = 67108864;
        const std::string text =
            metrics::prometheusText({{"0123456789ab", "web", "container", "busybox", true, s},
                                     {"vm1", "db", "vm", "", false, std::nullopt}},
                                    4);
        QVERIFY(text.find("# TYPE juxta_cpu_usage_cores gauge\n") != std::string::npos);
        QVERIFY(text.find("juxta_cpu_usage_cores{id=\"0123456789ab\",name=\"web\",kind=\"container\","
                          "image=\"busybox\"} 1\n") != std::string::npos);
        QVERIFY(text.find("juxta_memory_usage_bytes{id=\"0123456789ab\",name=\"web\",kind=\"container\","
                          "image=\"busybox\"} 1048576\n") != std::string::npos);
        QVERIFY(text.find("juxta_instance_running{id=\"vm1\",name=\"db\",kind=\"vm\"} 0\n") !=
                std::string::npos);
        QVERIFY(text.find("juxta_memory_usage_bytes{id=\"vm1\"") ==
                std::string::npos);  // no sample, no value
        QVERIFY(text.back() == '\n');
    }
    void aLabelValueCannotBreakOut() {
        QCOMPARE(metrics::escapeLabelValue("a\"b\\c\nd"), std::string("a\\\"b\\\\c\\nd"));
        const std::string text = metrics::prometheusText(
            {{"x", "evil\"} 1\nfake_metric{a=\"", "container", "", false, std::nullopt}}, 1);
        QVERIFY(text.find("\nfake_metric") == std::string::npos);
        QVERIFY(text.find("name=\"evil\\\"} 1\\nfake_metric{a=\\\"\"") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestExposition)
#include "test_exposition.moc"
