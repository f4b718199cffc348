#!/usr/bin/env python3
"""Writes the hand-written seed inputs of tests/fuzz/corpus/ (all but enricher_enrich_fuzz,
whose serialized NormalizedArticle seeds come from make_enrich_seeds.cc). Run from tests/fuzz/."""
import os


def w(harness, name, data):
    directory = f'corpus/{harness}'
    os.makedirs(directory, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(f'{directory}/{name}', 'wb') as f:
        f.write(data)


html_ja = '''<!DOCTYPE html>
<html lang="ja"><head><meta charset="Shift_JIS"><title>東京で新しい図書館が開館</title>
<meta property="article:published_time" content="2024-06-19T09:00:00+09:00">
<link rel="canonical" href="/news/2024/06/19/library.html"></head>
<body><nav><a href="/">ホーム</a> | <a href="/world">国際</a></nav>
<article><h1>東京で新しい図書館が開館</h1><p class="byline">山田太郎</p>
<p>【東京】区立の新しい図書館が１９日、開館した。蔵書は約二十万冊。</p>
<p>館長は「地域の人が集まる場所にしたい」と話した。</p></article>
<footer>(c) 2024 Example Shimbun</footer></body></html>
'''
html_en = '''<html lang="en-US"><head><title>City council approves budget - Example Times</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Example Times">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-11-05","author":{"name":"Jane Doe"}}</script>
</head><body><div class="menu"><ul><li>Home</li><li>Sports</li></ul></div>
<main><h1>City council approves budget</h1>
<p>SPRINGFIELD (Reuters) - The city council on Tuesday approved a budget of $2.1 billion.</p>
<p>The vote was 7 to 2. &quot;It is a fair budget,&quot; the mayor said.</p></main></body></html>
'''
html_broken = ('<div><p>unclosed <b>bold <i>italic</p><table><tr><td>cell<td>cell2</table>'
               '<p>Text after &amp; &#x3042; &bogus;</div></span>')
html_deep = '<div>' * 200 + '<p>deep text in a nested page.</p>' + '</div>' * 100

# text_charset_fuzz: first byte = (hint index << 1) | is_html, as in text_charset_fuzz.cc.
hints = ['', 'UTF-8', 'utf8', 'Shift_JIS', 'EUC-JP', 'ISO-2022-JP', 'windows-1252', 'ISO-8859-1',
         'GB18030', 'Big5', 'EUC-KR', 'UTF-16LE', 'UTF-16BE', 'KOI8-R', 'windows-1251',
         'x-no-such-charset']


def head(hint, html):
    return bytes([(hints.index(hint) << 1) | (1 if html else 0)])


sjis_text = '政府は１９日、新しい経済対策を発表した。'.encode('shift_jis')
w('text_charset_fuzz', 'sjis_hint', head('Shift_JIS', False) + sjis_text)
w('text_charset_fuzz', 'sjis_detect', head('', False) + sjis_text * 3)
w('text_charset_fuzz', 'sjis_meta_html', head('', True) + html_ja.encode('shift_jis'))
w('text_charset_fuzz', 'eucjp_hint', head('EUC-JP', False) + '東京都の人口は増えている。'.encode('euc_jp'))
w('text_charset_fuzz', 'iso2022jp', head('ISO-2022-JP', False) + '日本語のメール本文です。'.encode('iso2022_jp'))
w('text_charset_fuzz', 'utf8_bom', head('', False) + b'\xef\xbb\xbf' + 'Grüße aus Köln'.encode())
w('text_charset_fuzz', 'utf16le_bom', head('', False) + b'\xff\xfe' + 'UTF-16 text'.encode('utf-16-le'))
w('text_charset_fuzz', 'cp1252', head('windows-1252', False) + '“Quoted” café — €5'.encode('cp1252'))
w('text_charset_fuzz', 'meta_http_equiv', head('', True) +
  b'<meta http-equiv="Content-Type" content="text/html; charset=euc-jp"><p>' + '記事'.encode('euc_jp'))
w('text_charset_fuzz', 'invalid_utf8', head('UTF-8', False) + b'valid \xc3\xa9 then \xff\xfe bad \xe3\x81')
w('text_charset_fuzz', 'gb18030', head('GB18030', False) + '北京新闻报道'.encode('gb18030'))

# extract_html_fuzz: first byte = (hint index << 1) | is_text; hints "", UTF-8, Shift_JIS, ...
w('extract_html_fuzz', 'ja_sjis', bytes([2 << 1]) + html_ja.encode('shift_jis'))
w('extract_html_fuzz', 'en_utf8', bytes([1 << 1]) + html_en.encode())
w('extract_html_fuzz', 'broken_markup', bytes([0]) + html_broken.encode())
w('extract_html_fuzz', 'deep_nesting', bytes([0]) + html_deep.encode())
w('extract_html_fuzz', 'plain_text', bytes([1]) + (
    'Headline here\nBy Jane Doe\nWASHINGTON (AP) - The first paragraph of the story.\n'
    'Share this article\n').encode())

clean = ['''市場、円安が進む
2024年6月19日 10:30
【ロイター】東京外国為替市場で円安が進んだ。
関連記事
ホーム | 経済 | 国際
シェアする
''', '''Storm hits coast
Nov. 5, 2024
MIAMI (AP) — A storm made landfall on Tuesday, officials said.
"We are ready," the governor said.
Follow us on Twitter
Advertisement
[caption id="1"]Photo[/caption]
About the author: John Smith writes about weather.
''', 'one line only', '\n\n  \t\n']
for i, text in enumerate(clean):
    w('extract_clean_fuzz', f'text_{i}', text)

dates = ['2024-06-19', '2024-06-19T09:00:00+09:00', 'Wed, 19 Jun 2024 09:00:00 GMT', '2024年6月19日',
         '11月 15, 2024', 'Nov. 5, 2024', '5 November 2024', '2024/06/19', '19.06.2024', '2024-02-30',
         '2023-02-29', '2024-02-29', '令和6年6月19日', 'Tuesday, November 5, 2024 at 3:00 PM',
         '0000-01-01', '9999-12-31']
for i, date in enumerate(dates):
    w('extract_date_fuzz', f'date_{i:02d}', date)

# url_canonicalize_fuzz: a newline separates base and reference for ResolveAndCanonicalize.
urls = ['https://www.example.com/news/2024/06/19/story.html?utm_source=x&id=5#top',
        'HTTP://User:Pass@Example.CO.UK:80/a/../b/./c?fbclid=1',
        'https://例え.jp/記事?q=東京',
        'http://192.168.0.1:8080/path%7e%41',
        'https://example.com',
        'https://example.com/a/b/c.html\n../d/e.html?x=1',
        'https://example.com/section/\n//cdn.example.org/x',
        'https://news.example.com/2024/\n/absolute/path#frag',
        'http://[::1]/ipv6',
        'ftp://example.com/not-http',
        '/relative/only']
for i, url in enumerate(urls):
    w('url_canonicalize_fuzz', f'url_{i:02d}', url)

texts = ['Line one\r\nLine two\r\n\r\n', '  spaces\u3000and\u00a0nbsp  \n\n\nnext',
         'bidi \u202eevil\u202c zero\u200bwidth \ufeff', 'e\u0301 composed? ｶﾀｶﾅ',
         'ctrl\x00\x01\x7f chars\u2028sep\u2029para\x85nel']
for i, text in enumerate(texts):
    w('text_normalize_fuzz', f'text_{i}', text)
w('text_normalize_fuzz', 'invalid_bytes',
  b'ok \xc0\x80 overlong \xed\xa0\x80 surrogate \xf4\x90\x80\x80 big')
