"""Read state becomes "read in Huntaze up to message X" so a later fan message makes a chat unread."""

from django.db import migrations, models


def flag_to_message_id(apps, schema_editor):
    Chat = apps.get_model("inbox", "Chat")
    Chat.objects.filter(is_read_local=True).update(
        read_through_onlyfans_id=models.F("last_message_onlyfans_id")
    )
    Chat.objects.filter(is_read_local=True, read_through_onlyfans_id__isnull=True).update(
        read_through_onlyfans_id=0
    )


def message_id_to_flag(apps, schema_editor):
    Chat = apps.get_model("inbox", "Chat")
    Chat.objects.filter(read_through_onlyfans_id__isnull=False).update(is_read_local=True)


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0005_add_chat_lastmsg_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="chat",
            name="read_through_onlyfans_id",
            field=models.BigIntegerField(
                blank=True,
                help_text="The last message marked read in Huntaze.",
                null=True,
                verbose_name="read in Huntaze up to",
            ),
        ),
        migrations.RunPython(flag_to_message_id, message_id_to_flag),
        migrations.RemoveField(model_name="chat", name="is_read_local"),
    ]
